using Sms.Contracts.Inbound;
using Sms.Ingress.Validation;

namespace Sms.Ingress.Vonage;

/// <summary>A Vonage delivery receipt for one part of a message we sent.</summary>
public sealed record VonageDeliveryReceipt
{
    public required string ProviderMessageId { get; init; }

    /// <summary>Our message id, from <c>client-ref</c> when it holds one.</summary>
    public Guid? MessageId { get; init; }

    /// <summary>The <c>client-ref</c> as received when it is not one of our ids (someone else's send), else null.</summary>
    public string? ForeignClientRef { get; init; }

    /// <summary>The recipient (Vonage <c>msisdn</c>), E.164.</summary>
    public required string To { get; init; }

    public required DeliveryStatus Status { get; init; }

    /// <summary>The status as Vonage wrote it; differs from <see cref="Status"/> when Vonage sent a value we do not know.</summary>
    public required string RawStatus { get; init; }

    public bool StatusRecognised { get; init; } = true;

    public string? ErrorCode { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public SmsDeliveryStatusChanged ToMessage() => new()
    {
        MessageId = MessageId,
        Provider = VonageWebhook.Provider,
        ProviderMessageId = ProviderMessageId,
        To = To,
        Status = Status,
        ErrorCode = ErrorCode,
        OccurredAt = OccurredAt,
    };
}

/// <summary>Reads the Vonage delivery-receipt parameters (<c>messageId</c>, <c>msisdn</c>, <c>status</c>, <c>err-code</c>, …). Pure.</summary>
public static class VonageDeliveryReceiptParser
{
    private static readonly Dictionary<string, DeliveryStatus> Statuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["accepted"] = DeliveryStatus.Accepted,
        ["buffered"] = DeliveryStatus.Buffered,
        ["delivered"] = DeliveryStatus.Delivered,
        ["expired"] = DeliveryStatus.Expired,
        ["failed"] = DeliveryStatus.Failed,
        ["rejected"] = DeliveryStatus.Rejected,
        ["unknown"] = DeliveryStatus.Unknown,
    };

    /// <summary>Every problem with the parameters at once, or the receipt.</summary>
    /// <param name="parameters">The raw webhook parameters.</param>
    /// <param name="now">Used as the event time when <c>message-timestamp</c> is absent or unreadable.</param>
    public static Parsed<VonageDeliveryReceipt> Parse(IReadOnlyDictionary<string, string> parameters, DateTimeOffset now)
    {
        var errors = new List<FieldError>();

        var messageId = VonageWebhook.Required(parameters, "messageId", errors)?.Trim();
        var to = VonageWebhook.Required(parameters, "msisdn", errors) is { } msisdn
            ? VonageWebhook.PhoneNumber("msisdn", msisdn, errors)
            : null;
        var rawStatus = VonageWebhook.Required(parameters, "status", errors)?.Trim();

        if (errors.Count > 0) return Parsed<VonageDeliveryReceipt>.Fail(errors);

        // A status Vonage adds later is kept as Unknown rather than refused: the receipt is not lost, and the raw value is logged.
        var recognised = Statuses.TryGetValue(rawStatus!, out var status);
        var clientRef = parameters.GetValueOrDefault("client-ref")?.Trim();
        var ourId = Guid.TryParse(clientRef, out var id) && id != Guid.Empty ? id : (Guid?)null;
        var errorCode = parameters.GetValueOrDefault("err-code")?.Trim();

        return Parsed<VonageDeliveryReceipt>.Ok(new VonageDeliveryReceipt
        {
            ProviderMessageId = messageId!,
            MessageId = ourId,
            ForeignClientRef = ourId is null && !string.IsNullOrEmpty(clientRef) ? clientRef : null,
            To = to!,
            Status = recognised ? status : DeliveryStatus.Unknown,
            RawStatus = rawStatus!,
            StatusRecognised = recognised,
            ErrorCode = string.IsNullOrEmpty(errorCode) ? null : errorCode,
            OccurredAt = VonageWebhook.MessageTimestamp(parameters) ?? now,
        });
    }
}
