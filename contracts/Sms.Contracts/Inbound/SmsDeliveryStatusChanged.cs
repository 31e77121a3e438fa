namespace Sms.Contracts.Inbound;

/// <summary>Event: the carrier reported a delivery receipt for one part of a message we sent.</summary>
public sealed record SmsDeliveryStatusChanged
{
    /// <summary>Our message id (from the carrier's client reference), when the carrier echoed it.</summary>
    public Guid? MessageId { get; init; }

    public required string Provider { get; init; }

    public required string ProviderMessageId { get; init; }

    /// <summary>The customer's number, E.164.</summary>
    public required string To { get; init; }

    /// <summary>
    /// Our number (or sender id) the message was sent from, as the carrier reported it: the Vonage SMS API receipt's
    /// <c>to</c> (its direction is reversed), the Messages API status's <c>from</c>, Twilio's <c>From</c>; E.164 when it
    /// is a phone number. It names the brand whose consent a carrier opt-out belongs to. Null when the carrier did not
    /// say, or from a producer older than this field.
    /// </summary>
    public string? From { get; init; }

    public required DeliveryStatus Status { get; init; }

    /// <summary>The carrier's error code (Vonage <c>err-code</c>); "0" or null when delivered.</summary>
    public string? ErrorCode { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }
}

public enum DeliveryStatus
{
    Accepted,
    Buffered,
    Delivered,
    Expired,
    Failed,
    Rejected,
    Unknown,
}
