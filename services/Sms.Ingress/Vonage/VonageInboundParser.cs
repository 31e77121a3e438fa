using System.Globalization;
using Sms.Contracts.Inbound;
using Sms.Ingress.Validation;
using Sms.ServiceDefaults.Messaging;
using Sms.ServiceDefaults.Numbers;

namespace Sms.Ingress.Vonage;

/// <summary>One part of a concatenated SMS, as Vonage describes it (values as received, for the log).</summary>
public sealed record ConcatenationInfo(string? Reference, string? Part, string? Total);

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

    /// <summary>Set when Vonage delivered this as one part of a concatenated message (<c>concat=true</c>).</summary>
    public ConcatenationInfo? Concatenation { get; init; }

    public InboundSmsReceived ToMessage() => new()
    {
        MessageId = MessageIds.FromProvider(VonageWebhook.Provider, ProviderMessageId),
        Provider = VonageWebhook.Provider,
        ProviderMessageId = ProviderMessageId,
        From = From,
        To = To,
        Text = Text,
        ReceivedAt = ReceivedAt,
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

        string? text = null;
        if (!parameters.TryGetValue("text", out var rawText))
        {
            var binary = parameters.TryGetValue("type", out var type) && type == "binary";
            errors.Add(new FieldError("text", binary
                ? "Binary messages (type=binary) are not supported: 'text' is required."
                : "'text' is required."));
        }
        else if ((text = MessageText.Normalise(rawText)) is null)
        {
            errors.Add(new FieldError("text", "'text' is not valid Unicode."));
        }

        if (errors.Count > 0) return Parsed<VonageInbound>.Fail(errors);

        return Parsed<VonageInbound>.Ok(new VonageInbound
        {
            ProviderMessageId = messageId!,
            From = from!,
            To = to!,
            Text = text!,
            ReceivedAt = now,
            Concatenation = parameters.TryGetValue("concat", out var concat) && string.Equals(concat, "true", StringComparison.OrdinalIgnoreCase)
                ? new ConcatenationInfo(parameters.GetValueOrDefault("concat-ref"), parameters.GetValueOrDefault("concat-part"), parameters.GetValueOrDefault("concat-total"))
                : null,
        });
    }
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
