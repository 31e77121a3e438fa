using Sms.Contracts.Inbound;

namespace Sms.Ingress.Inbound;

/// <summary>A carrier's delivery receipt (Vonage: per part; Twilio: per message) for a message we sent.</summary>
public sealed record DeliveryReceipt
{
    /// <summary>The carrier that sent it: <c>vonage</c>, <c>twilio</c>.</summary>
    public required string Provider { get; init; }

    public required string ProviderMessageId { get; init; }

    /// <summary>Our message id, when the carrier echoed it (Vonage <c>client-ref</c>, the Twilio callback URL's <c>messageId</c>).</summary>
    public Guid? MessageId { get; init; }

    /// <summary>The <c>client-ref</c> as received when it is not one of our ids (someone else's send), else null.</summary>
    public string? ForeignClientRef { get; init; }

    /// <summary>The recipient (Vonage <c>msisdn</c>, Twilio <c>To</c>), E.164.</summary>
    public required string To { get; init; }

    /// <summary>Our number or sender id the message went from (Vonage SMS API <c>to</c>, Messages API <c>from</c>, Twilio <c>From</c>); null when absent.</summary>
    public string? From { get; init; }

    public required DeliveryStatus Status { get; init; }

    /// <summary>The status as the carrier wrote it; differs from <see cref="Status"/> when it sent a value we do not know.</summary>
    public required string RawStatus { get; init; }

    public bool StatusRecognised { get; init; } = true;

    public string? ErrorCode { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public SmsDeliveryStatusChanged ToMessage() => new()
    {
        MessageId = MessageId,
        Provider = Provider,
        ProviderMessageId = ProviderMessageId,
        To = To,
        From = From,
        Status = Status,
        ErrorCode = ErrorCode,
        OccurredAt = OccurredAt,
    };
}
