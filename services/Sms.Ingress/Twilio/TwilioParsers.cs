using System.Globalization;
using Sms.Contracts.Inbound;
using Sms.Ingress.Inbound;
using Sms.Ingress.Numbers;
using Sms.Ingress.Validation;
using Sms.ServiceDefaults.Text;
using Sms.ServiceDefaults.Validation;

namespace Sms.Ingress.Twilio;

/// <summary>
/// Reads Twilio's webhooks (carrier-wire-format.md §6): an inbound message (<c>MessageSid</c>, <c>From</c>, <c>To</c>,
/// <c>Body</c>, <c>NumSegments</c>; already joined by Twilio) and a status callback (<c>MessageSid</c>, <c>To</c>,
/// <c>From</c>, <c>MessageStatus</c>, <c>ErrorCode</c>). Numbers and text are normalised exactly as for Vonage
/// (<see cref="InboundNumbers"/>, <see cref="MessageText"/>). Pure.
/// </summary>
public static class TwilioParsers
{
    public const string Provider = "twilio";

    /// <summary>
    /// <c>MessageStatus</c> → delivery status. Everything before a final answer is "accepted" (Twilio sends no callback
    /// for the first status, and <c>sent</c> only means the next carrier took it); <c>undelivered</c> is a failed
    /// delivery; <c>failed</c> and <c>canceled</c> mean it was never sent, which the platform calls rejected.
    /// </summary>
    public static IReadOnlyDictionary<string, DeliveryStatus> Statuses { get; } = new Dictionary<string, DeliveryStatus>(StringComparer.OrdinalIgnoreCase)
    {
        ["queued"] = DeliveryStatus.Accepted,
        ["accepted"] = DeliveryStatus.Accepted,
        ["scheduled"] = DeliveryStatus.Accepted,
        ["sending"] = DeliveryStatus.Accepted,
        ["sent"] = DeliveryStatus.Accepted,
        ["delivered"] = DeliveryStatus.Delivered,
        ["read"] = DeliveryStatus.Delivered,
        ["undelivered"] = DeliveryStatus.Failed,
        ["failed"] = DeliveryStatus.Rejected,
        ["canceled"] = DeliveryStatus.Rejected,
    };

    /// <summary>The query parameter of our status callback URL that carries our message id (set by Outbound).</summary>
    public const string MessageIdParameter = "messageId";

    /// <summary>An inbound message; every problem at once.</summary>
    /// <param name="parameters">The webhook's parameters (query and form merged).</param>
    /// <param name="now">The receive time (Twilio sends none).</param>
    /// <param name="numbers">How numbers are normalised; international only when null.</param>
    public static Parsed<InboundSms> ParseInbound(IReadOnlyDictionary<string, string> parameters, DateTimeOffset now, InboundNumbers? numbers = null)
    {
        numbers ??= InboundNumbers.International;
        var errors = new List<FieldError>();

        var sid = WebhookFields.Required(parameters, "MessageSid", errors)?.Trim();
        var from = WebhookFields.Required(parameters, "From", errors) is { } rawFrom ? CarrierNumbers.Customer(numbers, "From", rawFrom, errors) : null;
        var to = WebhookFields.Required(parameters, "To", errors) is { } rawTo ? numbers.Normalise(rawTo).Value : null;

        // An empty body is a message too (e.g. a picture with no text): it is kept, not refused. An MMS may leave
        // Body out altogether, so it is required only of a message with no media.
        var media = ParseMedia(parameters, errors);
        if (!parameters.TryGetValue("Body", out var body))
        {
            if (media.Count == 0) errors.Add(new FieldError("Body", "'Body' is required."));
            body = "";
        }

        if (errors.Count > 0) return Parsed<InboundSms>.Fail(errors);

        var text = MessageText.FromCarrier(body!, out var repaired);

        var segments = int.TryParse(parameters.GetValueOrDefault("NumSegments")?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
            ? n
            : 1;
        return Parsed<InboundSms>.Ok(new InboundSms
        {
            Provider = Provider,
            ProviderMessageId = sid!,
            From = from!,
            To = to!,
            Text = text,
            TextRepaired = repaired,
            RawText = body!,
            ReceivedAt = now,
            PartCount = segments,
            Media = media.Count > 0 ? media : null,
        });
    }

    /// <summary>Twilio sends at most 10 media per message.</summary>
    public const int MaxMedia = 10;

    /// <summary>
    /// <c>NumMedia</c> and each <c>MediaUrl{n}</c> / <c>MediaContentType{n}</c> (n from 0). A URL that is missing or
    /// not absolute https/http is a problem with the webhook (it could not be fetched); a missing content type is left
    /// to the fetch, which checks what arrives anyway.
    /// </summary>
    public static IReadOnlyList<InboundMedia> ParseMedia(IReadOnlyDictionary<string, string> parameters, List<FieldError> errors)
    {
        var raw = parameters.GetValueOrDefault("NumMedia")?.Trim();
        if (string.IsNullOrEmpty(raw)) return [];
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > MaxMedia)
        {
            errors.Add(new FieldError("NumMedia", $"'NumMedia' must be a whole number from 0 to {MaxMedia}."));
            return [];
        }
        var media = new List<InboundMedia>(count);
        for (var i = 0; i < count; i++)
        {
            var url = parameters.GetValueOrDefault($"MediaUrl{i}")?.Trim();
            if (!MediaUrls.IsFetchable(url))
            {
                errors.Add(new FieldError($"MediaUrl{i}", $"'MediaUrl{i}' must be an absolute http(s) URL (NumMedia is {count})."));
                continue;
            }
            var type = parameters.GetValueOrDefault($"MediaContentType{i}")?.Trim();
            media.Add(new InboundMedia { Url = url!, ContentType = string.IsNullOrEmpty(type) ? null : type, Provider = Provider });
        }
        return media;
    }

    /// <summary>A status callback, read as a delivery receipt for the whole message; every problem at once.</summary>
    /// <param name="parameters">The webhook's parameters (query and form merged).</param>
    /// <param name="now">The event time (Twilio's callbacks carry none that is reliable).</param>
    /// <param name="numbers">How numbers are normalised; international only when null.</param>
    public static Parsed<DeliveryReceipt> ParseStatus(IReadOnlyDictionary<string, string> parameters, DateTimeOffset now, InboundNumbers? numbers = null)
    {
        numbers ??= InboundNumbers.International;
        var errors = new List<FieldError>();

        var sid = WebhookFields.Required(parameters, "MessageSid", errors)?.Trim();
        var to = WebhookFields.Required(parameters, "To", errors) is { } rawTo ? CarrierNumbers.Customer(numbers, "To", rawTo, errors) : null;
        var rawStatus = WebhookFields.Required(parameters, "MessageStatus", errors)?.Trim();
        if (errors.Count > 0) return Parsed<DeliveryReceipt>.Fail(errors);

        var recognised = Statuses.TryGetValue(rawStatus!, out var status);
        var reference = parameters.GetValueOrDefault(MessageIdParameter)?.Trim();
        var ourId = Guid.TryParse(reference, out var id) && id != Guid.Empty ? id : (Guid?)null;
        var errorCode = parameters.GetValueOrDefault("ErrorCode")?.Trim();
        return Parsed<DeliveryReceipt>.Ok(new DeliveryReceipt
        {
            Provider = Provider,
            ProviderMessageId = sid!,
            MessageId = ourId,
            ForeignClientRef = ourId is null && !string.IsNullOrEmpty(reference) ? reference : null,
            To = to!,
            From = CarrierNumbers.Ours(numbers, parameters.GetValueOrDefault("From")),
            Status = recognised ? status : DeliveryStatus.Unknown,
            RawStatus = rawStatus!,
            StatusRecognised = recognised,
            // "0" and an empty value both mean no error; 21610 is the carrier's opt-out (TwilioErrors.UnsubscribedRecipient).
            ErrorCode = string.IsNullOrEmpty(errorCode) || errorCode == "0" ? null : errorCode,
            OccurredAt = now,
        });
    }

}
