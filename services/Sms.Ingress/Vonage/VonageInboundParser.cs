using System.Globalization;
using Sms.Contracts.Inbound;
using Sms.Ingress.Inbound;
using Sms.Ingress.Validation;
using Sms.Ingress.Numbers;
using Sms.ServiceDefaults.Text;
using Sms.ServiceDefaults.Validation;

namespace Sms.Ingress.Vonage;

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
    /// <param name="numbers">How numbers are normalised (<c>Ingress:DefaultRegion</c>); international only when null.</param>
    public static Parsed<InboundSms> Parse(IReadOnlyDictionary<string, string> parameters, DateTimeOffset now, InboundNumbers? numbers = null)
    {
        numbers ??= InboundNumbers.International;
        var errors = new List<FieldError>();

        var from = WebhookFields.Required(parameters, "msisdn", errors) is { } msisdn
            ? CarrierNumbers.Customer(numbers, "msisdn", msisdn, errors)
            : null;

        var to = WebhookFields.Required(parameters, "to", errors) is { } rawTo
            ? numbers.Normalise(rawTo).Value
            : null;

        var messageId = WebhookFields.Required(parameters, "messageId", errors)?.Trim();

        var (concatenation, concatenationProblem) = Concatenation(parameters);

        if (!parameters.TryGetValue("text", out var rawText))
        {
            var binary = parameters.TryGetValue("type", out var type) && type == "binary";
            errors.Add(new FieldError("text", binary
                ? "Binary messages (type=binary) are not supported: 'text' is required."
                : "'text' is required."));
        }

        if (errors.Count > 0) return Parsed<InboundSms>.Fail(errors);

        // A part's text is only used joined with the others (RawText), then kept by the same rule.
        var text = MessageText.FromCarrier(rawText!, out var repaired);

        return Parsed<InboundSms>.Ok(new InboundSms
        {
            Provider = VonageWebhook.Provider,
            ProviderMessageId = messageId!,
            From = from!,
            To = to!,
            Text = text,
            TextRepaired = repaired && concatenation is null,
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
public static class VonageWebhook
{
    public const string Provider = "vonage";

    /// <summary><c>message-timestamp</c> (<c>YYYY-MM-DD HH:MM:SS</c>, UTC), or null when absent or unreadable.</summary>
    public static DateTimeOffset? MessageTimestamp(IReadOnlyDictionary<string, string> parameters) =>
        parameters.TryGetValue("message-timestamp", out var text)
        && DateTime.TryParseExact(text.Trim(), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? new DateTimeOffset(at, TimeSpan.Zero)
            : null;
}
