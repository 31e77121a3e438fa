namespace Sms.ServiceDefaults.Messaging;

/// <summary>The retries one delivery of a message has had so far: of ordinary failures, and during outages.</summary>
public readonly record struct RetryTally(int Retries, int OutageRetries);

/// <summary>
/// Decides whether a failed message is tried again, and after how long. A failure caused by an unreachable dependency
/// (<see cref="DependencyOutage"/>) is always tried again, at doubling intervals up to a cap, because the message will
/// succeed unchanged once the dependency is back; those retries do not count against the limit for other failures,
/// which get a few doubling retries and then give up (the message goes to the <c>_error</c> queue). Pure.
/// </summary>
public sealed class MessageRetrySchedule(MessageRetryOptions options)
{
    /// <returns>False: give up. True: wait <paramref name="delay"/>, try again, and count with <paramref name="next"/>.</returns>
    public bool TryNext(RetryTally tally, bool outage, out TimeSpan delay, out RetryTally next)
    {
        if (outage)
        {
            delay = Doubling(options.OutageFirstDelayMilliseconds, options.OutageMaxDelayMilliseconds, tally.OutageRetries);
            next = tally with { OutageRetries = tally.OutageRetries + 1 };
            return true;
        }

        if (tally.Retries >= options.RetryLimit)
        {
            delay = TimeSpan.Zero;
            next = tally;
            return false;
        }

        delay = Doubling(options.FirstDelayMilliseconds, options.MaxDelayMilliseconds, tally.Retries);
        next = tally with { Retries = tally.Retries + 1 };
        return true;
    }

    /// <summary><paramref name="first"/> × 2^<paramref name="done"/>, at most <paramref name="max"/> (never less than the first).</summary>
    private static TimeSpan Doubling(int first, int max, int done) =>
        TimeSpan.FromMilliseconds(Math.Min(Math.Max(first, max), first * Math.Pow(2, Math.Min(done, 30))));
}
