using Sms.ServiceDefaults.Messaging;

namespace Sms.ServiceDefaults.Tests.Messaging;

public class MessageRetryScheduleTests
{
    private static readonly MessageRetrySchedule Defaults = new(new MessageRetryOptions());

    /// <summary>The waits before each retry until the schedule gives up, or the first <paramref name="most"/> of them.</summary>
    private static List<double> Waits(MessageRetrySchedule schedule, Func<int, bool> outage, int most = 100)
    {
        var waits = new List<double>();
        var tally = default(RetryTally);
        while (waits.Count < most && schedule.TryNext(tally, outage(waits.Count), out var delay, out tally))
            waits.Add(delay.TotalSeconds);
        return waits;
    }

    [Test]
    public void A_failure_that_is_not_an_outage_is_retried_five_times_at_doubling_waits_then_given_up() =>
        Assert.That(Waits(Defaults, _ => false), Is.EqualTo(new[] { 0.4, 0.8, 1.6, 3.2, 6.4 }));

    [Test]
    public void During_an_outage_the_waits_double_up_to_thirty_seconds_and_the_retries_never_run_out()
    {
        var waits = Waits(Defaults, _ => true, most: 10_000);
        Assert.Multiple(() =>
        {
            Assert.That(waits.Take(7), Is.EqualTo(new[] { 1.0, 2, 4, 8, 16, 30, 30 }));
            Assert.That(waits, Has.Count.EqualTo(10_000));
            Assert.That(waits.Last(), Is.EqualTo(30));
        });
    }

    [Test]
    public void Retries_during_an_outage_do_not_use_up_the_retries_for_other_failures()
    {
        // Twenty outage failures, then only other failures: those still get their five retries.
        var waits = Waits(Defaults, i => i < 20);
        Assert.Multiple(() =>
        {
            Assert.That(waits, Has.Count.EqualTo(25));
            Assert.That(waits.Skip(20), Is.EqualTo(new[] { 0.4, 0.8, 1.6, 3.2, 6.4 }));
        });
    }

    [Test]
    public void An_outage_after_the_other_retries_are_spent_is_still_waited_out()
    {
        var waits = Waits(Defaults, i => i >= 5, most: 50);
        Assert.That(waits, Has.Count.EqualTo(50));
    }

    [TestCase(0, 0)]
    [TestCase(2, 2)]
    public void The_limit_and_the_waits_come_from_the_options(int limit, int expected)
    {
        var schedule = new MessageRetrySchedule(new MessageRetryOptions
        {
            RetryLimit = limit,
            FirstDelayMilliseconds = 50,
            MaxDelayMilliseconds = 80,
            OutageFirstDelayMilliseconds = 10,
            OutageMaxDelayMilliseconds = 25,
        });
        Assert.Multiple(() =>
        {
            Assert.That(Waits(schedule, _ => false), Is.EqualTo(new[] { 0.05, 0.08 }.Take(expected)));
            Assert.That(Waits(schedule, _ => true, most: 4), Is.EqualTo(new[] { 0.01, 0.02, 0.025, 0.025 }));
        });
    }
}
