using System.Net.Http.Json;
using Dapper;

namespace Sms.EndToEnd.Tests;

/// <summary>What a test can see of the platform from outside: the carrier, the inbox API, the databases.</summary>
public static class Observe
{
    public sealed record CarrierMessage(string From, string To, string Text, string Type, string? ClientRef, List<string> MessageIds);

    public sealed record ThreadMessage(Guid MessageId, string Direction, string Text, string? Origin, string? Status, string? HandledBy, string? Action, DateTimeOffset CreatedAt)
    {
        public override string ToString() => $"{Direction}:{Status}:'{Text}'";
    }

    /// <summary>Messages the carrier simulator accepted for <paramref name="customer"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<CarrierMessage>> CarrierMessagesToAsync(string customer) =>
        await Platform.Simulator.GetFromJsonAsync<List<CarrierMessage>>($"/simulator/messages?to={Uri.EscapeDataString(customer)}") ?? [];

    /// <summary>The customer's thread as the Conversations API serves it, oldest first.</summary>
    public static async Task<IReadOnlyList<ThreadMessage>> ThreadAsync(string customer) =>
        await Platform.Conversations.GetFromJsonAsync<List<ThreadMessage>>($"/v1/conversations/by-number/{Uri.EscapeDataString(customer)}/messages") ?? [];

    /// <summary>The customer replies from their phone: the simulator sends Vonage's signed inbound webhook to the ingress.</summary>
    public static async Task<int> CustomerRepliesAsync(string customer, string text, bool signed = true)
    {
        using var response = await Platform.Simulator.PostAsJsonAsync("/simulator/inbound",
            new { from = customer, to = Platform.BusinessNumber, text, signed });
        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync<InboundResult>();
        return result!.Status;
    }

    private sealed record InboundResult(int Status, string MessageId);

    public static async Task<IReadOnlyList<string>> ConsentLedgerAsync(string customer)
    {
        await using var connection = await Platform.Postgres.OpenConnectionAsync();
        return (await connection.QueryAsync<string>(
            "SELECT kind FROM compliance.consent_events WHERE number = @customer ORDER BY id", new { customer })).ToList();
    }

    public static async Task<string?> ConversationStatusAsync(string customer)
    {
        await using var connection = await Platform.Postgres.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT status FROM conversations.conversations WHERE customer_number = @customer", new { customer });
    }

    public sealed class ContactProfile
    {
        public string[] Labels { get; init; } = [];

        public int EngagementScore { get; init; }
    }

    /// <summary>The labels and engagement score Conversations keeps for the customer; null before it knows the contact.</summary>
    public static async Task<ContactProfile?> ContactProfileAsync(string customer)
    {
        await using var connection = await Platform.Postgres.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<ContactProfile>(
            "SELECT labels, engagement_score AS EngagementScore FROM conversations.contacts WHERE number = @customer", new { customer });
    }

    /// <summary>How many sessions the Router keeps open for the customer (its Redis set of them).</summary>
    public static async Task<long> OpenSessionCountAsync(string customer) =>
        await Platform.Redis.GetDatabase().SortedSetLengthAsync($"sms:sessions:{customer}");

    public static string Digits(string number) => number.TrimStart('+');
}
