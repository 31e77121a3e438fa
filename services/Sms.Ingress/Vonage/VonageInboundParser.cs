using System.Globalization;
using Sms.Contracts.Inbound;
using Sms.Ingress.Inbound;
using Sms.Ingress.Validation;
using Sms.ServiceDefaults.Messaging;
using Sms.ServiceDefaults.Numbers;

namespace Sms.Ingress.Vonage;

/// <summary>One part of a concatenated SMS, as Vonage describes it: <c>concat-ref</c>, <c>concat-part</c> (from 1), <c>concat-total</c>.</summary>
public sealed record ConcatenationInfo(string Reference, int Part, int Total);

/// <summary>An inbound SMS (or one part of a long one) read from a Vonage webhook.</summary>
public sealed record VonageInbound
{
    public required string ProviderMessageId { get; init; }

    /// <summary>The customer's number, E.164.</summary>
    public required string From { get; init; }

    /// <summary>Our number, E.164 when it is a phone number (a short code stays as sent).</summary>
    public required string To { get; init; }

    /// <summary>Trimmed, NFC-normalised.</summary>
    public required string Text { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>
    /// The text exactly as received, for joining the parts of a concatenated message (which are never trimmed or
    /// validated alone: a part may end in a space, or in half of a surrogate pair the next part completes).
    /// </summary>
    public string RawText { get; init; } = "";

    /// <summary>
    /// Set when Vonage delivered this as one part of a concatenated message (<c>concat=true</c> with a usable
    /// reference, part and total, and a total above 1). A part whose details are unusable is kept as its own message.
    /// </summary>
    public ConcatenationInfo? Concatenation { get; init; }

    /// <summary>How many SMS parts the text joins, when the carrier joined them itself (Messages API <c>sms.num_messages</c>).</summary>
    public int PartCount { get; init; } = 1;

    /// <summary>Why <c>concat=true</c> details were unusable (for the log), when they were.</summary>
    public string? ConcatenationProblem { get; init; }

    public InboundSmsReceived ToMessage() => new()
    {
        MessageId = MessageIds.FromProvider(VonageWebhook.Provider, ProviderMessageId),
        Provider = VonageWebhook.Provider,
        ProviderMessageId = ProviderMessageId,
        From = From,
        To = To,
        Text = Text,
        ReceivedAt = ReceivedAt,
        PartCount = PartCount,
    };
}

/// <summary>Reads the Vonage inbound-SMS parameters (<c>msisdn</c>, <c>to</c>, <c>messageId</c>, <c>text</c>, …). Pure.</summary>
public static class VonageInboundParser
{
    /// <summary>Every problem with the parameters at once, or the inbound message.</summary>
    /// <param name="parameters">The raw webhook parameters.</param>
    /// <param name="now">
    /// The receive time. Not the carrier's <c>message-timestamp</c>: that has one-second precision, so a reply would
    /// sort before the message it answers when both fall in the same second, and STOP followed by START within a
    /// second would have no order.
    /// </param>
    public static Parsed<VonageInbound> Parse(IReadOnlyDictionary<string, string> parameters, DateTimeOffset now)
    {
        var errors = new List<FieldError>();

        var from = VonageWebhook.Required(parameters, "msisdn", errors) is { } msisdn
            ? VonageWebhook.PhoneNumber("msisdn", msisdn, errors)
            : null;

        var to = VonageWebhook.Required(parameters, "to", errors) is { } rawTo
            ? PhoneNumbers.Normalise(rawTo) ?? rawTo.Trim()
            : null;

        var messageId = VonageWebhook.Required(parameters, "messageId", errors)?.Trim();

        var (concatenation, concatenationProblem) = Concatenation(parameters);

        string? text = null;
        if (!parameters.TryGetValue("text", out var rawText))
        {
            var binary = parameters.TryGetValue("type", out var type) && type == "binary";
            errors.Add(new FieldError("text", binary
                ? "Binary messages (type=binary) are not supported: 'text' is required."
                : "'text' is required."));
        }
        else if ((text = MessageText.Normalise(rawText)) is null && concatenation is null)
        {
            errors.Add(new FieldError("text", "'text' is not valid Unicode."));
        }

        if (errors.Count > 0) return Parsed<VonageInbound>.Fail(errors);

        return Parsed<VonageInbound>.Ok(new VonageInbound
        {
            ProviderMessageId = messageId!,
            From = from!,
            To = to!,
            Text = text ?? rawText!,
            RawText = rawText!,
            ReceivedAt = now,
            Concatenation = concatenation,
            ConcatenationProblem = concatenationProblem,
        });
    }

    /// <summary>
    /// The part details of <c>concat=true</c>, or why they cannot be used. Unusable details do not refuse the webhook
    /// (a 4xx would make Vonage give the part up): the part then goes on as its own message.
    /// </summary>
    private static (ConcatenationInfo? Info, string? Problem) Concatenation(IReadOnlyDictionary<string, string> parameters)
    {
        if (!parameters.TryGetValue("concat", out var concat) || !string.Equals(concat.Trim(), "true", StringComparison.OrdinalIgnoreCase))
            return (null, null);

        var reference = parameters.GetValueOrDefault("concat-ref")?.Trim();
        if (string.IsNullOrEmpty(reference)) return (null, "'concat-ref' is missing");
        if (!TryPositive(parameters.GetValueOrDefault("concat-total"), out var total) || total > ConcatAssembler.MaxParts)
            return (null, $"'concat-total' is not a number from 1 to {ConcatAssembler.MaxParts}");
        if (!TryPositive(parameters.GetValueOrDefault("concat-part"), out var part) || part > total)
            return (null, "'concat-part' is not a number from 1 to 'concat-total'");
        return total == 1 ? (null, null) : (new ConcatenationInfo(reference, part, total), null);
    }

    private static bool TryPositive(string? text, out int value) =>
        int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1;
}

/// <summary>What both Vonage webhooks share.</summary>
internal static class VonageWebhook
{
    public const string Provider = "vonage";

    /// <summary>The value of a parameter that must be present and not blank; records an error otherwise.</summary>
    public static string? Required(IReadOnlyDictionary<string, string> parameters, string name, List<FieldError> errors)
    {
        if (parameters.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)) return value;
        errors.Add(new FieldError(name, $"'{name}' is required."));
        return null;
    }

    /// <summary>The number as E.164; records an error (without echoing the number) when it is not a phone number.</summary>
    public static string? PhoneNumber(string name, string value, List<FieldError> errors)
    {
        var normalised = PhoneNumbers.Normalise(value);
        if (normalised is null) errors.Add(new FieldError(name, $"'{name}' is not an international phone number."));
        return normalised;
    }

    /// <summary><c>message-timestamp</c> (<c>YYYY-MM-DD HH:MM:SS</c>, UTC), or null when absent or unreadable.</summary>
    public static DateTimeOffset? MessageTimestamp(IReadOnlyDictionary<string, string> parameters) =>
        parameters.TryGetValue("message-timestamp", out var text)
        && DateTime.TryParseExact(text.Trim(), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? new DateTimeOffset(at, TimeSpan.Zero)
            : null;
}
