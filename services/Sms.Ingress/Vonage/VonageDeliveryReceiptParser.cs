using Sms.Contracts.Inbound;
using Sms.Ingress.Inbound;
using Sms.Ingress.Numbers;
using Sms.Ingress.Validation;
using Sms.ServiceDefaults.Validation;

namespace Sms.Ingress.Vonage;

/// <summary>
/// Reads the Vonage delivery-receipt parameters (<c>messageId</c>, <c>msisdn</c> the recipient, <c>to</c> our sender,
/// <c>status</c>, <c>err-code</c>, …). Pure.
/// </summary>
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
    /// <param name="numbers">How numbers are normalised; international only when null.</param>
    public static Parsed<DeliveryReceipt> Parse(IReadOnlyDictionary<string, string> parameters, DateTimeOffset now, InboundNumbers? numbers = null)
    {
        numbers ??= InboundNumbers.International;
        var errors = new List<FieldError>();

        var messageId = WebhookFields.Required(parameters, "messageId", errors)?.Trim();
        var to = WebhookFields.Required(parameters, "msisdn", errors) is { } msisdn
            ? CarrierNumbers.Customer(numbers, "msisdn", msisdn, errors)
            : null;
        var rawStatus = WebhookFields.Required(parameters, "status", errors)?.Trim();

        if (errors.Count > 0) return Parsed<DeliveryReceipt>.Fail(errors);

        // A status Vonage adds later is kept as Unknown rather than refused: the receipt is not lost, and the raw value is logged.
        var recognised = Statuses.TryGetValue(rawStatus!, out var status);
        var clientRef = parameters.GetValueOrDefault("client-ref")?.Trim();
        var ourId = Guid.TryParse(clientRef, out var id) && id != Guid.Empty ? id : (Guid?)null;
        var errorCode = parameters.GetValueOrDefault("err-code")?.Trim();

        return Parsed<DeliveryReceipt>.Ok(new DeliveryReceipt
        {
            Provider = VonageWebhook.Provider,
            ProviderMessageId = messageId!,
            MessageId = ourId,
            ForeignClientRef = ourId is null && !string.IsNullOrEmpty(clientRef) ? clientRef : null,
            To = to!,
            From = CarrierNumbers.Ours(numbers, parameters.GetValueOrDefault("to")),
            Status = recognised ? status : DeliveryStatus.Unknown,
            RawStatus = rawStatus!,
            StatusRecognised = recognised,
            ErrorCode = string.IsNullOrEmpty(errorCode) ? null : errorCode,
            OccurredAt = VonageWebhook.MessageTimestamp(parameters) ?? now,
        });
    }
}
