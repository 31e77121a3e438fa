using System.ComponentModel.DataAnnotations;

namespace Sms.ServiceDefaults.Messaging;

/// <summary>How every consumer retries a message that failed, bound from <c>Messaging:Retry:*</c> (<see cref="MessageRetrySchedule"/>).</summary>
public sealed class MessageRetryOptions
{
    public const string Section = "Messaging:Retry";

    /// <summary>Retries of a failure that is not an outage; after the last one the message goes to the <c>_error</c> queue.</summary>
    [Range(0, 20)] public int RetryLimit { get; set; } = 5;

    /// <summary>Wait before the first such retry; it doubles each time (defaults: 0.4, 0.8, 1.6, 3.2, 6.4 s).</summary>
    [Range(1, 60_000)] public int FirstDelayMilliseconds { get; set; } = 400;

    [Range(1, 60_000)] public int MaxDelayMilliseconds { get; set; } = 10_000;

    /// <summary>
    /// Wait before the first retry while a dependency is unreachable (PostgreSQL, Redis, the carrier); it doubles each
    /// time up to <see cref="OutageMaxDelayMilliseconds"/>, and these retries go on for as long as the outage lasts.
    /// </summary>
    [Range(1, 60_000)] public int OutageFirstDelayMilliseconds { get; set; } = 1_000;

    /// <summary>Longest wait between two tries during an outage: at most this long after the dependency is back, the message goes on.</summary>
    [Range(1, 300_000)] public int OutageMaxDelayMilliseconds { get; set; } = 30_000;
}
