using System.ComponentModel.DataAnnotations;

namespace Sms.Outbound.Extensions;

/// <summary>How a redelivered send treats a claim another attempt holds, bound from <c>Outbound:SendClaims:*</c>.</summary>
public sealed class SendClaimOptions
{
    public const string Section = "Outbound:SendClaims";

    /// <summary>
    /// Added to <c>Outbound:Resilience:TotalTimeoutSeconds</c> (the most one send may take, waits and retries included):
    /// an in-flight claim older than both was left by a sender that stopped mid-call, and its outcome is unknown.
    /// Covers the work around the carrier call (recording the send in Redis) and clock differences between instances.
    /// </summary>
    [Range(0, 3_600)] public int InFlightMarginSeconds { get; set; } = 30;

    /// <summary>
    /// How long a redelivery that finds another attempt's claim still in flight waits before it looks again. It keeps
    /// looking until the claim is no longer in flight or is old enough to count as left behind.
    /// </summary>
    [Range(10, 600_000)] public int InFlightRecheckMilliseconds { get; set; } = 5_000;
}
