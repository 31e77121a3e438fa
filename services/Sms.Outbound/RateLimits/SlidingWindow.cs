namespace Sms.Outbound.RateLimits;

/// <summary>
/// The sliding-log rule the Redis script applies, as a pure function: a send is granted at <c>now</c> only when
/// fewer than <c>limit</c> earlier grants lie in <c>(now - window, now]</c>. Then every span of one window holds at
/// most <c>limit</c> grants, wherever it starts; a fixed one-second bucket would allow twice the limit across a
/// boundary. Kept in C# so the rule is tested case by case; <see cref="RedisRateLimiter"/> runs the same rule in Lua,
/// with the window one second plus a margin, and each grant moved to its request's end once the answer came
/// (<see cref="RedisRateLimiter.RestampAsync"/>), so the carrier's clock sees the same spacing as ours.
/// </summary>
public static class SlidingWindow
{
    /// <summary>Zero when a slot is free now; otherwise how long until the grant that blocks it leaves the window.</summary>
    public static TimeSpan WaitFor(IReadOnlyList<DateTimeOffset> grants, DateTimeOffset now, int limit, TimeSpan window)
    {
        var inWindow = grants.Where(g => g > now - window).Order().ToList();
        if (inWindow.Count < limit) return TimeSpan.Zero;
        // With count >= limit, the slot frees when the (count - limit + 1)-th oldest grant leaves.
        return inWindow[inWindow.Count - limit] + window - now;
    }

    /// <summary>True when no span of <paramref name="window"/> holds more than <paramref name="limit"/> of <paramref name="times"/>.</summary>
    public static bool NeverExceeded(IEnumerable<DateTimeOffset> times, int limit, TimeSpan window) =>
        MostInAnyWindow(times, window) <= limit;

    /// <summary>The most times found in any half-open span <c>[t, t + window)</c>.</summary>
    public static int MostInAnyWindow(IEnumerable<DateTimeOffset> times, TimeSpan window)
    {
        var sorted = times.Order().ToList();
        var most = 0;
        var start = 0;
        for (var end = 0; end < sorted.Count; end++)
        {
            while (sorted[end] - sorted[start] >= window) start++;
            most = Math.Max(most, end - start + 1);
        }
        return most;
    }
}
