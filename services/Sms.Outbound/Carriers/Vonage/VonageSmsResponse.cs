using System.Text.Json;
using Sms.Carriers.Vonage;

namespace Sms.Outbound.Carriers.Vonage;

/// <summary>One element of <c>messages</c>: one SMS part, or the error for the whole request.</summary>
public sealed record VonageSmsPart(
    string Status,
    string? MessageId,
    string? ErrorText = null,
    string? To = null,
    string? ClientRef = null,
    string? RemainingBalance = null,
    string? MessagePrice = null,
    string? Network = null)
{
    public bool Succeeded => VonageStatus.IsSuccess(Status);
}

/// <summary>
/// The JSON answer of <c>POST /sms/json</c>: <c>{"message-count":"2","messages":[{…},{…}]}</c>, every value a string,
/// one element per part; errors come back as HTTP 200 with a non-zero <c>status</c>. Pure: no I/O.
/// </summary>
public sealed record VonageSmsResponse(IReadOnlyList<VonageSmsPart> Parts)
{
    /// <summary>Reads the answer; <see cref="FormatException"/> when it is not the documented shape.</summary>
    public static VonageSmsResponse Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException("The carrier's answer is not JSON.", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("messages", out var messages)
                || messages.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("The carrier's answer has no 'messages' array.");
            }

            var parts = new List<VonageSmsPart>();
            foreach (var element in messages.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.Object)
                    throw new FormatException("An element of 'messages' is not an object.");
                parts.Add(new VonageSmsPart(
                    Status: Text(element, "status") ?? throw new FormatException("An element of 'messages' has no 'status'."),
                    MessageId: Text(element, "message-id"),
                    ErrorText: Text(element, "error-text"),
                    To: Text(element, "to"),
                    ClientRef: Text(element, "client-ref"),
                    RemainingBalance: Text(element, "remaining-balance"),
                    MessagePrice: Text(element, "message-price"),
                    Network: Text(element, "network")));
            }
            return new VonageSmsResponse(parts);
        }
    }

    /// <summary>What the answer means for the send.</summary>
    public CarrierSendResult Classify()
    {
        if (Parts.Count == 0)
            return new CarrierSendResult.OutcomeUnknown("The carrier answered with no message element.");

        var accepted = Parts.Where(p => p.Succeeded).ToList();
        var refused = Parts.Where(p => !p.Succeeded).Select(Error).ToList();

        // Some parts accepted, some refused: the accepted parts are already on their way to the handset. Sending the
        // message again would deliver those parts twice, and reporting a failure would say nothing reached the
        // customer. So it counts as sent, with the ids of the parts that went; the refused parts are reported to the
        // caller (which logs a warning) so an operator can see the message arrived incomplete.
        if (accepted.Count > 0)
        {
            var ids = accepted.Select(p => p.MessageId).OfType<string>().Where(id => id.Length > 0).ToList();
            return new CarrierSendResult.Accepted(ids, refused);
        }

        // Nothing accepted: Vonage then normally answers with a single error element for the whole request.
        return new CarrierSendResult.Failed(refused[0]);
    }

    /// <summary>The refusal a part's status describes; a code the table does not know is treated as permanent.</summary>
    private static CarrierError Error(VonageSmsPart part)
    {
        var code = part.Status.Trim();
        var status = VonageStatus.Find(code);
        var meaning = status?.Meaning ?? $"Unknown Vonage status '{code}'";
        var reason = string.IsNullOrWhiteSpace(part.ErrorText) ? meaning : $"{meaning} (carrier: {part.ErrorText})";
        return new CarrierError(code, reason, status?.Retryable ?? false, Throttled: status?.Code == VonageStatus.Throttled);
    }

    /// <summary>A value as text: the API sends strings, but a number is accepted too rather than failing the send.</summary>
    private static string? Text(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Null => null,
            _ => value.GetRawText(),
        };
    }
}
