using System.Globalization;
using Sms.CarrierSimulator.SmsApi;
using Sms.Carriers.Segments;

namespace Sms.CarrierSimulator.Webhooks;

/// <summary>
/// Body of <c>POST /simulator/inbound</c>: a customer's SMS to one of our numbers; with <c>media</c>, an MMS (a picture
/// or file the simulator serves itself; the text may then be empty).
/// </summary>
public sealed record InboundSimulationRequest(string? From, string? To, string? Text, string? MessageId, bool? Signed, SimulatedMedia? Media = null);

/// <summary>
/// The picture or file of a simulated MMS: its content type and its bytes in base64 (none: the sample picture,
/// <see cref="State.MediaStore.SamplePicture"/>, as <c>image/png</c>).
/// </summary>
public sealed record SimulatedMedia(string? ContentType, string? Base64);

/// <summary>A checked <see cref="InboundSimulationRequest"/>: numbers without <c>+</c>, a message id chosen.</summary>
public sealed record InboundMessage(string Msisdn, string To, string Text, string MessageId, bool Signed)
{
    /// <summary>The MMS's content type and bytes; null for an SMS.</summary>
    public (string ContentType, byte[] Content)? Media { get; init; }
}

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
        (string, byte[])? media = null;
        if (request.Media is { } requested)
        {
            media = ParseMedia(requested, errors);
        }
        if (string.IsNullOrEmpty(request.Text))
        {
            if (request.Media is null) errors["text"] = ["Required: the message text (or media)."];
        }
        else if (request.Text.Length > MaxTextLength)
            errors["text"] = [$"At most {MaxTextLength} characters."];
        if (request.MessageId is not null && (request.MessageId.Trim().Length == 0 || request.MessageId.Length > 64))
            errors["messageId"] = ["When given: 1 to 64 characters."];

        return errors.Count == 0
            ? new InboundMessage(from!, to!, request.Text ?? "", request.MessageId?.Trim() ?? newMessageId(), request.Signed ?? true) { Media = media }
            : null;
    }

    /// <summary>Media up to this size; larger is refused (a real carrier caps MMS far lower).</summary>
    public const int MaxMediaBytes = 10 * 1024 * 1024;

    private static (string, byte[])? ParseMedia(SimulatedMedia media, Dictionary<string, string[]> errors)
    {
        var type = string.IsNullOrWhiteSpace(media.ContentType) ? "image/png" : media.ContentType.Trim();
        if (string.IsNullOrEmpty(media.Base64)) return (type, State.MediaStore.SamplePicture);
        try
        {
            var content = Convert.FromBase64String(media.Base64);
            if (content.Length is > 0 and <= MaxMediaBytes) return (type, content);
        }
        catch (FormatException)
        {
        }
        errors["media.base64"] = [$"When given: the content in base64, 1 byte to {MaxMediaBytes} bytes."];
        return null;
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
