using System.Globalization;
using System.Text.Json;
using Sms.Contracts.Inbound;
using Sms.Ingress.Inbound;
using Sms.Ingress.Numbers;
using Sms.Ingress.Validation;
using Sms.ServiceDefaults.Text;
using Sms.ServiceDefaults.Validation;

namespace Sms.Ingress.Vonage;

/// <summary>
/// Reads the Vonage Messages API v1 webhooks for the SMS channel (wire reference §5): inbound messages (already
/// concatenated by Vonage) and message statuses, both JSON. Pure.
/// </summary>
public static class VonageMessagesParser
{
    private static readonly Dictionary<string, DeliveryStatus> Statuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["submitted"] = DeliveryStatus.Accepted,
        ["delivered"] = DeliveryStatus.Delivered,
        ["read"] = DeliveryStatus.Delivered,
        ["rejected"] = DeliveryStatus.Rejected,
        ["undeliverable"] = DeliveryStatus.Failed,
    };

    /// <summary>Messages API error 1360: the message's time to live ran out before delivery.</summary>
    private const string TtlExpired = "1360";

    /// <summary>An inbound SMS; <c>message_uuid</c> is its provider message id. Every problem at once.</summary>
    /// <param name="body">The raw JSON body.</param>
    /// <param name="now">The receive time (as for the SMS API: the carrier's timestamp has one-second precision).</param>
    public static Parsed<InboundSms> ParseInbound(ReadOnlySpan<byte> body, DateTimeOffset now, InboundNumbers? numbers = null)
    {
        try
        {
            return ParseInboundCore(body, now, numbers);
        }
        catch (InvalidOperationException)
        {
            // A member name .NET's reader cannot unescape (half a surrogate pair): texts are read past it, names are not.
            return Parsed<InboundSms>.Fail(WebhookParameters.RequestField, NameNotUnicode);
        }
    }

    private const string NameNotUnicode = "A member name of the JSON body is not valid Unicode (half a surrogate pair).";

    private static Parsed<InboundSms> ParseInboundCore(ReadOnlySpan<byte> body, DateTimeOffset now, InboundNumbers? numbers)
    {
        numbers ??= InboundNumbers.International;
        if (!TryReadObject(body, out var document, out var failure)) return failure!;
        using (document)
        {
            var root = document!.RootElement;
            var errors = new List<FieldError>();

            var channel = Required(root, "channel", errors);
            if (channel is not null && !IsHandledChannel(channel))
                errors.Add(new FieldError("channel", $"Only the 'sms' and 'mms' channels are handled, not '{Truncate(channel)}'."));
            var uuid = Required(root, "message_uuid", errors);
            var from = Required(root, "from", errors) is { } rawFrom ? CarrierNumbers.Customer(numbers, "from", rawFrom, errors) : null;
            var to = Required(root, "to", errors) is { } rawTo ? numbers.Normalise(rawTo).Value : null;

            // An image or file message (MMS) carries its text as the media's optional caption; any other carries 'text'.
            var messageType = Value(root, "message_type");
            var isMedia = MediaMessageTypes.Contains(messageType ?? "");
            var media = isMedia ? ReadMedia(root, messageType!, errors) : null;
            var rawText = "";
            if (isMedia)
            {
                if (media is null) return Parsed<InboundSms>.Fail(errors);
                if (root.GetProperty(messageType!).TryGetProperty("caption", out var caption) && caption.ValueKind == JsonValueKind.String)
                    rawText = CarrierJson.String(caption);
            }
            else if (root.TryGetProperty("text", out var textElement) && textElement.ValueKind == JsonValueKind.String)
                rawText = CarrierJson.String(textElement);
            else
                errors.Add(new FieldError("text", messageType is null or "text"
                    ? "'text' is required."
                    : $"'text' is required (message_type '{Truncate(messageType)}' is not handled; image and file are)."));

            if (errors.Count > 0) return Parsed<InboundSms>.Fail(errors);

            var text = MessageText.FromCarrier(rawText, out var repaired);

            var parts = root.TryGetProperty("sms", out var sms) && sms.ValueKind == JsonValueKind.Object
                        && int.TryParse(Value(sms, "num_messages"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
                ? n
                : 1;
            return Parsed<InboundSms>.Ok(new InboundSms
            {
                Provider = VonageWebhook.Provider,
                ProviderMessageId = uuid!,
                From = from!,
                To = to!,
                Text = text,
                TextRepaired = repaired,
                RawText = rawText,
                ReceivedAt = now,
                PartCount = parts,
                Media = media is null ? null : [media],
            });
        }
    }

    /// <summary>The Messages API's media message types the platform keeps (an MMS picture or file).</summary>
    private static readonly HashSet<string> MediaMessageTypes = new(StringComparer.Ordinal) { "image", "file" };

    private static bool IsHandledChannel(string channel) =>
        string.Equals(channel, "sms", StringComparison.OrdinalIgnoreCase) || string.Equals(channel, "mms", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// <c>image.url</c> or <c>file.url</c>: per the spec a publicly accessible URL, kept by Vonage for 48 hours. It
    /// names no content type; the fetch reads it from the answer and checks the bytes.
    /// </summary>
    private static InboundMedia? ReadMedia(JsonElement root, string messageType, List<FieldError> errors)
    {
        var url = root.TryGetProperty(messageType, out var item) && item.ValueKind == JsonValueKind.Object ? Value(item, "url") : null;
        if (MediaUrls.IsFetchable(url)) return new InboundMedia { Url = url!, Provider = VonageWebhook.Provider };
        errors.Add(new FieldError($"{messageType}.url", $"'{messageType}.url' must be an absolute http(s) URL."));
        return null;
    }

    /// <summary>A message status; read as a delivery receipt for the message <c>message_uuid</c> names.</summary>
    /// <param name="body">The raw JSON body.</param>
    /// <param name="now">The event time when <c>timestamp</c> is absent or unreadable.</param>
    public static Parsed<DeliveryReceipt> ParseStatus(ReadOnlySpan<byte> body, DateTimeOffset now, InboundNumbers? numbers = null)
    {
        try
        {
            return ParseStatusCore(body, now, numbers);
        }
        catch (InvalidOperationException)
        {
            return Parsed<DeliveryReceipt>.Fail(WebhookParameters.RequestField, NameNotUnicode);
        }
    }

    private static Parsed<DeliveryReceipt> ParseStatusCore(ReadOnlySpan<byte> body, DateTimeOffset now, InboundNumbers? numbers)
    {
        numbers ??= InboundNumbers.International;
        if (!TryReadObject(body, out var document, out _))
            return Parsed<DeliveryReceipt>.Fail(WebhookParameters.RequestField, "The body is not a JSON object.");
        using (document)
        {
            var root = document!.RootElement;
            var errors = new List<FieldError>();

            var uuid = Required(root, "message_uuid", errors);
            var to = Required(root, "to", errors) is { } rawTo ? CarrierNumbers.Customer(numbers, "to", rawTo, errors) : null;
            var rawStatus = Required(root, "status", errors);
            if (errors.Count > 0) return Parsed<DeliveryReceipt>.Fail(errors);

            var errorCode = root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                ? Value(error, "title")
                : null;
            var recognised = Statuses.TryGetValue(rawStatus!, out var status);
            if (recognised && status == DeliveryStatus.Failed && errorCode == TtlExpired) status = DeliveryStatus.Expired;
            var clientRef = Value(root, "client_ref");
            var ourId = Guid.TryParse(clientRef, out var id) && id != Guid.Empty ? id : (Guid?)null;

            return Parsed<DeliveryReceipt>.Ok(new DeliveryReceipt
            {
                Provider = VonageWebhook.Provider,
                ProviderMessageId = uuid!,
                MessageId = ourId,
                ForeignClientRef = ourId is null && !string.IsNullOrEmpty(clientRef) ? clientRef : null,
                To = to!,
                From = CarrierNumbers.Ours(numbers, Value(root, "from")),
                Status = recognised ? status : DeliveryStatus.Unknown,
                RawStatus = rawStatus!,
                StatusRecognised = recognised,
                ErrorCode = string.IsNullOrEmpty(errorCode) ? null : errorCode,
                OccurredAt = DateTimeOffset.TryParse(Value(root, "timestamp"), CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : now,
            });
        }
    }

    private static bool TryReadObject(ReadOnlySpan<byte> body, out JsonDocument? document, out Parsed<InboundSms>? failure)
    {
        failure = null;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
            if (document.RootElement.ValueKind == JsonValueKind.Object) return true;
            document.Dispose();
        }
        catch (JsonException)
        {
        }
        document = null;
        failure = Parsed<InboundSms>.Fail(WebhookParameters.RequestField, "The body is not a JSON object.");
        return false;
    }

    /// <summary>A string or number member as text (Vonage sends some numbers as strings), else null.</summary>
    private static string? Value(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                // Ids, numbers and statuses storable as carrier text is (the message text has its own path).
                JsonValueKind.String => MessageText.FromCarrier(CarrierJson.String(value), out _),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    private static string? Required(JsonElement root, string name, List<FieldError> errors)
    {
        var value = Value(root, name);
        if (!string.IsNullOrEmpty(value)) return value;
        errors.Add(new FieldError(name, $"'{name}' is required."));
        return null;
    }

    private static string Truncate(string value) => value.Length <= 20 ? value : value[..20] + "…";
}
