using Sms.Outbound.Data;
using Sms.Outbound.Redelivery;

namespace Sms.Outbound.Tests.Redelivery;

public class RedeliveryDecisionTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [TestCase(ClaimStatus.Sent, 5.0, RedeliveryAction.ReportSentAgain)]
    [TestCase(ClaimStatus.Sent, 86_400.0, RedeliveryAction.ReportSentAgain)]
    [TestCase(ClaimStatus.Sent, null, RedeliveryAction.ReportSentAgain)]
    [TestCase(ClaimStatus.OutcomeUnknown, 5.0, RedeliveryAction.ReportUnknownAgain)]
    [TestCase(ClaimStatus.OutcomeUnknown, null, RedeliveryAction.ReportUnknownAgain)]
    [TestCase(ClaimStatus.InFlight, 0.0, RedeliveryAction.LookAgainLater)]
    [TestCase(ClaimStatus.InFlight, 59.9, RedeliveryAction.LookAgainLater)]
    [TestCase(ClaimStatus.InFlight, 60.0, RedeliveryAction.LookAgainLater)]
    [TestCase(ClaimStatus.InFlight, 60.1, RedeliveryAction.MarkOutcomeUnknown)]
    [TestCase(ClaimStatus.InFlight, 3_600.0, RedeliveryAction.MarkOutcomeUnknown)]
    [TestCase(ClaimStatus.InFlight, -3.0, RedeliveryAction.LookAgainLater)] // the other instance's clock is a little ahead
    [TestCase(ClaimStatus.InFlight, null, RedeliveryAction.MarkOutcomeUnknown)] // no readable time: not trusted as fresh
    [TestCase(ClaimStatus.Reserved, 0.0, RedeliveryAction.LookAgainLater)] // its holder may still be waiting for a send slot
    [TestCase(ClaimStatus.Reserved, 60.0, RedeliveryAction.LookAgainLater)]
    [TestCase(ClaimStatus.Reserved, 60.1, RedeliveryAction.TakeOver)] // its holder stopped before calling: nothing was sent
    [TestCase(ClaimStatus.Reserved, null, RedeliveryAction.TakeOver)]
    public void A_found_claim_is_reported_waited_for_or_taken_over_by_its_state_and_age(ClaimStatus status, double? ageSeconds, RedeliveryAction expected)
    {
        var age = ageSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;

        Assert.That(RedeliveryDecision.Decide(status, age, Limit), Is.EqualTo(expected));
    }

    [TestCase(30, 30, 60)]
    [TestCase(30, 0, 30)]
    [TestCase(600, 3_600, 4_200)]
    public void The_in_flight_limit_is_the_whole_send_time_limit_plus_the_margin(int totalTimeoutSeconds, int marginSeconds, int expectedSeconds)
    {
        Assert.That(RedeliveryDecision.InFlightLimit(totalTimeoutSeconds, marginSeconds), Is.EqualTo(TimeSpan.FromSeconds(expectedSeconds)));
    }

    [TestCase(60_000, 5_000, 13)]
    [TestCase(60_000, 7_000, 10)]
    [TestCase(60_000, 100, 601)]
    [TestCase(4_200_000, 10, 10_000)] // capped
    public void A_delivery_looks_again_until_past_the_in_flight_limit(int limitMilliseconds, int recheckMilliseconds, int expected)
    {
        var limit = TimeSpan.FromMilliseconds(limitMilliseconds);
        var recheck = TimeSpan.FromMilliseconds(recheckMilliseconds);

        var looks = RedeliveryDecision.LooksNeeded(limit, recheck);

        Assert.Multiple(() =>
        {
            Assert.That(looks, Is.EqualTo(expected));
            if (looks < 10_000) Assert.That(recheck * looks, Is.GreaterThan(limit), "the last look comes after the claim can still be in flight");
        });
    }

    [Test]
    public void The_reason_for_a_stopped_sender_says_the_outcome_is_unknown_and_why()
    {
        var reason = RedeliveryDecision.StoppedMidCallReason(TimeSpan.FromSeconds(95), Limit);
        var undated = RedeliveryDecision.StoppedMidCallReason(null, Limit);

        Assert.Multiple(() =>
        {
            Assert.That(reason, Does.StartWith("Outcome unknown: the sender stopped mid-call"));
            Assert.That(reason, Does.Contain("95 s old").And.Contain("60 s"));
            Assert.That(undated, Does.StartWith("Outcome unknown: the sender stopped mid-call").And.Contain("no readable time"));
        });
    }
}
