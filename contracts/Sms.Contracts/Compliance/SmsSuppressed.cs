using Sms.Contracts.Outbound;

namespace Sms.Contracts.Compliance;

/// <summary>Event: Compliance refused this send; it never reaches the carrier.</summary>
public sealed record SmsSuppressed
{
    public required SendSms Request { get; init; }

    public required SuppressionReason Reason { get; init; }

    /// <summary>A sentence for people reading the thread or the logs.</summary>
    public required string Detail { get; init; }

    public required DateTimeOffset SuppressedAt { get; init; }
}

public enum SuppressionReason
{
    /// <summary>The number opted out of this brand.</summary>
    OptedOut,

    /// <summary>A marketing send to a number with no recorded opt-in.</summary>
    NoMarketingConsent,

    /// <summary>The request itself is unusable (e.g. the number is not a phone number).</summary>
    InvalidRequest,

    /// <summary>
    /// A marketing send beyond the brand's frequency cap for the number (e.g. at most one marketing message in 16 hours),
    /// counted across every campaign and flow. <c>Detail</c> says which cap and when the next one may go.
    /// </summary>
    FrequencyCapped,
}
