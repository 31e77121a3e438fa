namespace Sms.Conversations.Webhooks;

/// <summary>
/// When a failed webhook delivery is tried again, and when it is given up; when a failing subscription is disabled.
/// Pure: the caller passes the clock's time and a random number.
/// <para>
/// The wait doubles from <see cref="FirstRetry"/> with each failed attempt up to <see cref="MaxRetry"/>, and is spread by
/// ± <see cref="Jitter"/> of itself so that a receiver back from an outage is not met by every delivery at the same
/// instant. A delivery is tried until <see cref="RetryFor"/> has passed since it was queued (at least a day), then given
/// up: it no longer holds back the later deliveries of its conversation, and can be replayed.
/// </para>
/// </summary>
public sealed class WebhookRetrySchedule(TimeSpan firstRetry, TimeSpan maxRetry, TimeSpan retryFor, double jitter, TimeSpan disableAfter)
{
    public TimeSpan FirstRetry { get; } = firstRetry;
    public TimeSpan MaxRetry { get; } = maxRetry;
    public TimeSpan RetryFor { get; } = retryFor;
    public double Jitter { get; } = jitter;
    public TimeSpan DisableAfter { get; } = disableAfter;

    /// <summary>The wait after the <paramref name="failures"/>-th failed attempt (1 for the first), before jitter.</summary>
    public TimeSpan BaseDelay(int failures)
    {
        var doublings = Math.Clamp(failures - 1, 0, 62);
        var ticks = FirstRetry.Ticks * Math.Pow(2, doublings);
        return ticks >= MaxRetry.Ticks ? MaxRetry : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>
    /// When to try again after the <paramref name="failures"/>-th failed attempt of a delivery queued at
    /// <paramref name="queuedAt"/>; null: give it up (the retry window has passed).
    /// </summary>
    /// <param name="random">Uniform in [0, 1): where in the jitter band this wait falls.</param>
    public DateTimeOffset? NextAttempt(int failures, DateTimeOffset queuedAt, DateTimeOffset now, double random)
    {
        if (now - queuedAt >= RetryFor)
            return null;
        var delay = BaseDelay(failures);
        var spread = 1 + Jitter * (2 * Math.Clamp(random, 0, 1) - 1);
        return now + TimeSpan.FromTicks((long)(delay.Ticks * spread));
    }

    /// <summary>
    /// Whether a subscription whose attempts have all failed since <paramref name="failingSince"/> (none delivered in
    /// between) is disabled now: after <see cref="DisableAfter"/>.
    /// </summary>
    public bool Disables(DateTimeOffset failingSince, DateTimeOffset now) => now - failingSince >= DisableAfter;
}
