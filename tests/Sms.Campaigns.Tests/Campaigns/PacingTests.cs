using Sms.Campaigns.Campaigns;

namespace Sms.Campaigns.Tests.Campaigns;

/// <summary>How many recipients a round may claim: the pace for the time since the last round, never more than a second's worth.</summary>
public sealed class PacingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [TestCase(null, 10)]
    [TestCase(1000, 10)]
    [TestCase(60_000, 10)]
    [TestCase(500, 5)]
    [TestCase(50, 0)]
    public void A_round_claims_the_pace_for_the_time_since_the_last(int? millisecondsSinceLast, int expected) =>
        Assert.That(Pacing.Allowance(10, millisecondsSinceLast is { } ms ? Now.AddMilliseconds(-ms) : null, Now), Is.EqualTo(expected));

    [TestCase(0, 100, 10)]
    [TestCase(95, 100, 5)]
    [TestCase(100, 100, 0)]
    [TestCase(130, 100, 0)]
    public void A_round_claims_no_more_than_the_in_flight_window_has_room_for(int inFlight, int maxInFlight, int expected) =>
        Assert.That(Pacing.Allowance(10, null, Now, inFlight, maxInFlight), Is.EqualTo(expected));
}

/// <summary>The moment a dry run evaluates a send at: the minute it is due in, or now when that has passed.</summary>
public sealed class EvaluationMomentTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 30, TimeSpan.Zero);

    [Test]
    public void A_send_due_later_is_evaluated_at_the_start_of_its_minute() =>
        Assert.That(CampaignActions.EvaluationMoment(Now.AddMinutes(90).AddSeconds(17), Now), Is.EqualTo(new DateTimeOffset(2026, 12, 6, 13, 30, 0, TimeSpan.Zero)));

    [Test]
    public void A_send_due_already_is_evaluated_now() =>
        Assert.That(CampaignActions.EvaluationMoment(Now.AddSeconds(-5), Now), Is.EqualTo(Now));
}
