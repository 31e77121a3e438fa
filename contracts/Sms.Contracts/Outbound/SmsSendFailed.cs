namespace Sms.Contracts.Outbound;

/// <summary>Event: the message could not be handed to the carrier.</summary>
public sealed record SmsSendFailed
{
    public required SendSms Request { get; init; }

    public required string Provider { get; init; }

    /// <summary>The carrier's error code when it gave one (Vonage <c>status</c>), else null.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>
    /// Why, in words. A send Outbound withheld itself starts with its code, e.g. <c>opted_out_after_approval</c>: the
    /// number opted out after the send was approved, and the opt-out's confirmation had started to be sent.
    /// </summary>
    public required string Reason { get; init; }

    /// <summary>True when sending again later could succeed (throttling, carrier outage).</summary>
    public required bool Retryable { get; init; }

    /// <summary>
    /// The carrier call ended without an answer (a timeout after sending, a dropped connection): the message may have
    /// been sent. A later <see cref="SmsSent"/> or delivery receipt for it is the truth. False from older senders.
    /// </summary>
    public bool OutcomeUnknown { get; init; }

    public required DateTimeOffset FailedAt { get; init; }
}
