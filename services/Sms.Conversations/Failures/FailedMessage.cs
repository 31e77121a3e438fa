using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sms.Conversations.Failures;

/// <summary>
/// A message taken from an <c>_error</c> queue, as stored: where it came from, why it failed (MassTransit's
/// <c>MT-Fault-*</c> headers) and, byte for byte, what a replay publishes again.
/// </summary>
public sealed record FailedMessage(
    string ErrorQueue,
    string InputQueue,
    string MessageId,
    string? MessageType,
    string FaultType,
    string FaultMessage,
    string Cause,
    string? ContentType,
    string? CorrelationId,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    DateTimeOffset FailedAt)
{
    /// <summary>The queue suffix MassTransit gives the queue a receive endpoint's failed messages are moved to.</summary>
    public const string ErrorSuffix = "_error";

    /// <summary>The header a replay adds: how many times the message was sent back to its queue.</summary>
    public const string ReplayCountHeader = "Sms-Replay-Count";

    /// <summary>
    /// Reads a message as the broker handed it over. The message id is the broker's (MassTransit sets it to the
    /// message's <c>MessageId</c>); a message without one is known by a hash of its body, so taking it twice still
    /// finds one row.
    /// </summary>
    public static FailedMessage Read(
        string errorQueue, string? messageId, string? contentType, string? correlationId,
        IDictionary<string, object?>? headers, byte[] body, DateTimeOffset now)
    {
        var text = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in headers ?? new Dictionary<string, object?>())
            if (HeaderText(value) is { } headerValue)
                text[name] = headerValue;

        var faultType = text.GetValueOrDefault("MT-Fault-ExceptionType") is { Length: > 0 } type ? type : "(no fault recorded)";
        var faultMessage = text.GetValueOrDefault("MT-Fault-Message") ?? "";
        var failedAt = DateTimeOffset.TryParse(text.GetValueOrDefault("MT-Fault-Timestamp"), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var at) ? at : now;
        var id = string.IsNullOrEmpty(messageId) ? "body:" + Convert.ToHexStringLower(SHA256.HashData(body)) : messageId;
        return new FailedMessage(
            errorQueue,
            InputQueueOf(errorQueue),
            id,
            text.GetValueOrDefault("MT-Fault-MessageType") ?? text.GetValueOrDefault("MT-MessageType") ?? EnvelopeMessageType(body),
            faultType,
            faultMessage,
            FailureCause.OfFault(faultType, faultMessage),
            contentType,
            correlationId,
            text,
            body,
            failedAt);
    }

    /// <summary><c>compliance-send-sms_error</c> → <c>compliance-send-sms</c>: where a replay sends the message.</summary>
    public static string InputQueueOf(string errorQueue) =>
        errorQueue.EndsWith(ErrorSuffix, StringComparison.Ordinal) ? errorQueue[..^ErrorSuffix.Length] : errorQueue;

    /// <summary>
    /// The headers a replay publishes: the message's own, without the fault's (MassTransit writes them afresh if it
    /// fails again), with the replay count.
    /// </summary>
    public static Dictionary<string, object?> ReplayHeaders(IReadOnlyDictionary<string, string> stored, int replayCount)
    {
        var headers = stored
            .Where(h => !h.Key.StartsWith("MT-Fault-", StringComparison.Ordinal) && h.Key != "MT-Reason" && h.Key != ReplayCountHeader)
            .ToDictionary(h => h.Key, h => (object?)Encoding.UTF8.GetBytes(h.Value), StringComparer.Ordinal);
        headers[ReplayCountHeader] = replayCount;
        return headers;
    }

    /// <summary>An AMQP header value as text (strings arrive as bytes); null for one that has none.</summary>
    private static string? HeaderText(object? value) => value switch
    {
        null => null,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable list and not string => string.Join(",", list.Cast<object?>().Select(HeaderText)),
        _ => value.ToString(),
    };

    /// <summary>The first message type of a MassTransit JSON envelope (<c>urn:message:Sms.Contracts.Outbound:SendSms</c>), if the body is one.</summary>
    private static string? EnvelopeMessageType(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("messageType", out var types)
                && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() > 0
                ? types[0].GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
