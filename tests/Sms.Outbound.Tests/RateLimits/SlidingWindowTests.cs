using Sms.Outbound.RateLimits;

namespace Sms.Outbound.Tests.RateLimits;

public class SlidingWindowTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static List<DateTimeOffset> At(params int[] milliseconds) => [.. milliseconds.Select(ms => Start.AddMilliseconds(ms))];

    [TestCase(new int[0], 1000, 1, 0)]
    [TestCase(new[] { 0 }, 0, 1, 1000)]
    [TestCase(new[] { 0 }, 1000, 1, 0)]
    [TestCase(new[] { 0 }, 999, 1, 1)]
    [TestCase(new[] { 0 }, 1000, 2, 0)]
    [TestCase(new[] { 0, 500 }, 500, 2, 500)]
    [TestCase(new[] { 0, 500 }, 700, 2, 300)]
    [TestCase(new[] { 0, 500 }, 1200, 2, 0)]
    [TestCase(new[] { 100, 200, 300 }, 1050, 3, 50)]
    [TestCase(new[] { 300, 100, 200 }, 1050, 3, 50)]
    [TestCase(new[] { 0, 100, 200 }, 1050, 3, 0)]
    [TestCase(new[] { -2000, -1500, 0 }, 500, 2, 0)]
    [TestCase(new[] { 0, 0, 0 }, 10, 3, 990)]
    public void Waits_until_the_grant_that_fills_the_window_leaves_it(int[] grants, int nowMs, int limit, int expectedWaitMs)
    {
        var wait = SlidingWindow.WaitFor(At(grants), Start.AddMilliseconds(nowMs), limit, TimeSpan.FromSeconds(1));

        Assert.That(wait, Is.EqualTo(TimeSpan.FromMilliseconds(expectedWaitMs)));
    }

    [TestCase(1)]
    [TestCase(5)]
    [TestCase(30)]
    public void Granting_greedily_by_the_rule_never_puts_more_than_the_limit_in_any_window(int limit)
    {
        // Many senders asking every 7 ms for 5 s: every grant the rule allows is taken.
        var window = TimeSpan.FromSeconds(1);
        var grants = new List<DateTimeOffset>();
        for (var ms = 0; ms < 5000; ms += 7)
        {
            var now = Start.AddMilliseconds(ms);
            if (SlidingWindow.WaitFor(grants, now, limit, window) == TimeSpan.Zero) grants.Add(now);
        }

        Assert.Multiple(() =>
        {
            Assert.That(SlidingWindow.MostInAnyWindow(grants, window), Is.EqualTo(limit));
            Assert.That(grants, Has.Count.GreaterThanOrEqualTo(limit * 4), "the limit is used, not just respected");
        });
    }

    [TestCase(new int[0], 1000, 0)]
    [TestCase(new[] { 0 }, 1000, 1)]
    [TestCase(new[] { 0, 999 }, 1000, 2)]
    [TestCase(new[] { 0, 1000 }, 1000, 1)]
    [TestCase(new[] { 0, 500, 1000, 1499 }, 1000, 3)]
    [TestCase(new[] { 900, 950, 999, 1000, 1050, 1100 }, 1000, 6)]
    [TestCase(new[] { 1100, 900, 1000, 1050, 999, 950 }, 1000, 6)]
    [TestCase(new[] { 1100, 0, 950, 1050, 999, 900 }, 1000, 5)]
    public void Counts_the_most_times_in_any_window_wherever_it_starts(int[] times, int windowMs, int expected)
    {
        Assert.That(SlidingWindow.MostInAnyWindow(At(times), TimeSpan.FromMilliseconds(windowMs)), Is.EqualTo(expected));
    }

    [Test]
    public void A_fixed_one_second_bucket_would_allow_twice_the_limit_across_its_boundary()
    {
        // Five at the end of one second and five at the start of the next: each calendar second holds five...
        var times = At(900, 920, 940, 960, 980, 1000, 1020, 1040, 1060, 1080);
        Assert.That(times.GroupBy(t => t.Second).Select(g => g.Count()), Has.All.EqualTo(5));

        // ...but one sliding second holds ten, which the sliding rule refuses.
        Assert.Multiple(() =>
        {
            Assert.That(SlidingWindow.NeverExceeded(times, 5, TimeSpan.FromSeconds(1)), Is.False);
            Assert.That(SlidingWindow.WaitFor(times.Take(5).ToList(), times[5], 5, TimeSpan.FromSeconds(1)), Is.GreaterThan(TimeSpan.Zero));
        });
    }
}
