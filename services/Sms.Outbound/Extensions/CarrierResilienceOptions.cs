using System.ComponentModel.DataAnnotations;
using Sms.Outbound.Carriers.Resilience;

namespace Sms.Outbound.Extensions;

/// <summary>Retry, circuit breaker and time limit around the carrier, bound from <c>Outbound:Resilience:*</c>.</summary>
public sealed class CarrierResilienceOptions
{
    public const string Section = "Outbound:Resilience";

    /// <summary>Retries within one delivery of the message, for outcomes where nothing was sent; then the bus's retry.</summary>
    [Range(0, 10)] public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First retry delay; it doubles on each retry, with jitter.</summary>
    [Range(1, 60_000)] public int RetryBaseDelayMilliseconds { get; set; } = 250;

    /// <summary>Upper bound of one retry delay.</summary>
    [Range(1, 60_000)] public int RetryMaxDelayMilliseconds { get; set; } = 2_000;

    /// <summary>Share of failed carrier calls within <see cref="BreakerSamplingSeconds"/> that opens the circuit.</summary>
    [Range(0.01, 1.0)] public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Carrier calls needed within the sampling time before the circuit may open.</summary>
    [Range(2, 10_000)] public int BreakerMinimumThroughput { get; set; } = 5;

    [Range(1, 3_600)] public int BreakerSamplingSeconds { get; set; } = 30;

    /// <summary>How long the circuit stays open (no call reaches the carrier) before one trial call is let through.</summary>
    [Range(1, 3_600)] public double BreakDurationSeconds { get; set; } = 15;

    /// <summary>
    /// Refusals as failing (HTTP 5xx, Vonage status 5 or 10) of one message after which it is given up, provided the
    /// carrier accepted other messages meanwhile (<see cref="RepeatedRejection"/>); in an outage it waits on.
    /// </summary>
    [Range(1, 1_000)] public int MaxRejectionsPerMessage { get; set; } = 20;

    /// <summary>
    /// Bound on the whole send within one delivery: waits for rate-limit slots, calls and retry delays. One call's own
    /// limit is <c>Vonage:TimeoutSeconds</c>.
    /// </summary>
    [Range(1, 600)] public int TotalTimeoutSeconds { get; set; } = 30;
}
