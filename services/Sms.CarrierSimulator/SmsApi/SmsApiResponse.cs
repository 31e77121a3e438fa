using System.Globalization;
using System.Text.Json.Serialization;
using Sms.Carriers.Vonage;

namespace Sms.CarrierSimulator.SmsApi;

/// <summary>The Vonage SMS API answer: always HTTP 200, every value a string, one element per SMS part.</summary>
public sealed record SmsApiResponse(
    [property: JsonPropertyName("message-count")] string MessageCount,
    [property: JsonPropertyName("messages")] IReadOnlyList<SmsApiMessage> Messages);

public sealed record SmsApiMessage
{
    [JsonPropertyName("to"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? To { get; init; }

    [JsonPropertyName("message-id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MessageId { get; init; }

    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("error-text"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ErrorText { get; init; }

    [JsonPropertyName("remaining-balance"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RemainingBalance { get; init; }

    [JsonPropertyName("message-price"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MessagePrice { get; init; }

    [JsonPropertyName("network"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Network { get; init; }

    [JsonPropertyName("client-ref"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ClientRef { get; init; }
}

/// <summary>Builds <see cref="SmsApiResponse"/>s. Pure.</summary>
public static class SmsApiResponses
{
    public static SmsApiResponse Rejected(int status, string errorText) =>
        new("1", [new SmsApiMessage { Status = status.ToString(CultureInfo.InvariantCulture), ErrorText = errorText }]);

    /// <summary>One element per part, each with its own message id and the balance left after that part.</summary>
    public static SmsApiResponse Accepted(
        SmsSubmission submission, IReadOnlyList<string> messageIds, IReadOnlyList<decimal> balances, decimal price, string network)
    {
        if (messageIds.Count != submission.Segments || balances.Count != submission.Segments)
            throw new ArgumentException($"Expected {submission.Segments} message ids and balances.", nameof(messageIds));

        var messages = messageIds.Select((id, i) => new SmsApiMessage
        {
            To = submission.To,
            MessageId = id,
            Status = VonageStatus.Success.ToString(CultureInfo.InvariantCulture),
            RemainingBalance = Money(balances[i]),
            MessagePrice = Money(price),
            Network = network,
            ClientRef = submission.ClientRef,
        }).ToList();
        return new SmsApiResponse(messages.Count.ToString(CultureInfo.InvariantCulture), messages);
    }

    /// <summary>
    /// The <c>error-text</c> Vonage sends with a status; <c>Simulated failure</c> for a code Vonage does not document
    /// (an injected fault may use any code from 1 to 99).
    /// </summary>
    public static string ErrorText(int status) => VonageStatus.All.TryGetValue(status, out var info) ? info.ErrorText : "Simulated failure";

    /// <summary>Vonage's money format: eight decimals, invariant culture.</summary>
    public static string Money(decimal amount) => amount.ToString("0.00000000", CultureInfo.InvariantCulture);
}
