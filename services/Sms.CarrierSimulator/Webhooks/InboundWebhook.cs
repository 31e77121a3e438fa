using System.Globalization;
using Sms.CarrierSimulator.SmsApi;
using Sms.Carriers.Segments;

namespace Sms.CarrierSimulator.Webhooks;

/// <summary>Body of <c>POST /simulator/inbound</c>: a customer's SMS to one of our numbers.</summary>
public sealed record InboundSimulationRequest(string? From, string? To, string? Text, string? MessageId, bool? Signed);

/// <summary>A checked <see cref="InboundSimulationRequest"/>: numbers without <c>+</c>, a message id chosen.</summary>
public sealed record InboundMessage(string Msisdn, string To, string Text, string MessageId, bool Signed);

/// <summary>
/// Builds the Vonage inbound SMS webhook parameters (carrier-wire-format.md §2) for a simulated customer message.
/// Pure: the clock and the ids come in as arguments.
/// </summary>
public static class InboundWebhook
{
    public const int MaxTextLength = 3200;

    public static InboundMessage? Parse(InboundSimulationRequest request, Func<string> newMessageId, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var from = request.From is null ? null : Msisdn.WithoutPlus(request.From);
        if (string.IsNullOrEmpty(from) || !Msisdn.IsValid(from))
            errors["from"] = ["Required: the customer's number, 7 to 15 digits with an optional leading +."];
        var to = request.To is null ? null : Msisdn.WithoutPlus(request.To);
        if (string.IsNullOrEmpty(to) || to.Length is < 3 or > 15 || !to.All(char.IsAsciiDigit))
            errors["to"] = ["Required: our number the customer writes to, 3 to 15 digits with an optional leading +."];
        if (string.IsNullOrEmpty(request.Text))
            errors["text"] = ["Required: the message text."];
        else if (request.Text.Length > MaxTextLength)
            errors["text"] = [$"At most {MaxTextLength} characters."];
        if (request.MessageId is not null && (request.MessageId.Trim().Length == 0 || request.MessageId.Length > 64))
            errors["messageId"] = ["When given: 1 to 64 characters."];

        return errors.Count == 0
            ? new InboundMessage(from!, to!, request.Text!, request.MessageId?.Trim() ?? newMessageId(), request.Signed ?? true)
            : null;
    }

    /// <summary>The unsigned parameters: <c>msisdn</c>, <c>to</c>, <c>messageId</c>, <c>text</c>, <c>type</c>, <c>keyword</c>, <c>message-timestamp</c>, <c>api-key</c>.</summary>
    public static Dictionary<string, string> Build(InboundMessage message, string apiKey, DateTimeOffset now) => new(StringComparer.Ordinal)
    {
        ["msisdn"] = message.Msisdn,
        ["to"] = message.To,
        ["messageId"] = message.MessageId,
        ["text"] = message.Text,
        ["type"] = SmsSegments.IsGsm7(message.Text) ? "text" : "unicode",
        ["keyword"] = Keyword(message.Text),
        ["message-timestamp"] = MessageTimestamp(now),
        ["api-key"] = apiKey,
    };

    /// <summary>The first word of the text, upper-cased.</summary>
    public static string Keyword(string text)
    {
        var words = text.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return words.Length == 0 ? "" : words[0].ToUpperInvariant();
    }

    /// <summary>UTC <c>YYYY-MM-DD HH:MM:SS</c>.</summary>
    public static string MessageTimestamp(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
