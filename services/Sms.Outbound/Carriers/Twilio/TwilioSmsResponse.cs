using System.Globalization;
using System.Net;
using System.Text.Json;
using Sms.Carriers.Twilio;

namespace Sms.Outbound.Carriers.Twilio;

/// <summary>
/// Reads the Messages API's answer (carrier-wire-format.md §6): <c>201</c> with the message (<c>sid</c>,
/// <c>num_segments</c>, <c>status</c>), or a 4xx with <c>{"code":21610,"message":"…","status":400}</c>. Pure.
/// </summary>
public static class TwilioSmsResponse
{
    /// <summary>What a 2xx or 4xx answer means for the send (429 and 5xx never get here: <see cref="CarrierExchange"/>).</summary>
    public static CarrierSendResult Classify(CarrierAnswer answer)
    {
        if (answer.IsSuccess)
        {
            var sid = ReadObject(answer.Body) is { } created ? Text(created, "sid") : null;
            // Accepted, but without its id no receipt could be matched: the message may be on its way, so not resent.
            return string.IsNullOrEmpty(sid)
                ? new CarrierSendResult.OutcomeUnknown($"Outcome unknown: the carrier answered {answer.Describe()} without a message sid; the message may or may not have been sent, so it was not retried automatically.")
                : new CarrierSendResult.Accepted([sid], []);
        }

        var error = ReadObject(answer.Body);
        var code = error is { } e1 ? Text(e1, "code") : null;
        var carrierMessage = error is { } e2 ? Text(e2, "message") : null;
        var info = TwilioErrors.Find(code);
        var meaning = info?.Meaning ?? (code is null ? $"Carrier refused the request: {answer.Describe()}" : $"Twilio error {code}");
        var reason = string.IsNullOrWhiteSpace(carrierMessage) ? meaning : $"{meaning} (carrier: {carrierMessage})";
        // Retryable only when the code says so (20429, not processed); 4xx otherwise describes the request or the recipient.
        var throttled = info?.Code == TwilioErrors.TooManyRequests || answer.Status == HttpStatusCode.TooManyRequests;
        return new CarrierSendResult.Failed(new CarrierError(code, reason, info?.Retryable ?? false, throttled));
    }

    /// <summary>The number of segments Twilio counted, when it said (informational: our own count goes on SmsSent).</summary>
    public static int? Segments(string body) =>
        ReadObject(body) is { } created && int.TryParse(Text(created, "num_segments"), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;

    private static JsonElement? ReadObject(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A string or number member as text (Twilio writes codes as numbers and counts as strings).</summary>
    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;
}
