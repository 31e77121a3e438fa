using System.Net;
using System.Net.Http.Json;
using Dapper;
using Sms.Contracts.Compliance;
using Sms.Contracts.Conversations;
using Sms.Contracts.Routing;

namespace Sms.EndToEnd.Tests;

/// <summary>
/// A conversation handed to a person, over the real processes, as a customer and an agent live it: after the
/// escalation the customer gets one hand-over text, and then nothing automated while the agent talks to them.
/// </summary>
[TestFixture]
public sealed class HandoffTests : PlatformTests
{
    /// <summary>A browser-like session of the bootstrap agent: the inbox cookie and the CSRF header.</summary>
    private static async Task<HttpClient> SignedInAgentAsync()
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = Platform.Conversations.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Requested-With", "inbox");
        using var login = await client.PostAsJsonAsync("/auth/login",
            new { username = PlatformLauncher.InboxAdminUsername, password = PlatformLauncher.InboxAdminPassword });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await login.Content.ReadAsStringAsync());
        return client;
    }

    private static async Task<Guid> ConversationIdAsync(string customer)
    {
        await using var connection = await Platform.Postgres.OpenConnectionAsync();
        return await connection.QuerySingleAsync<Guid>(
            "SELECT id FROM conversations.conversations WHERE customer_number = @customer", new { customer });
    }

    private static async Task<(string Owner, long Version)> OwnerAsync(string customer)
    {
        await using var connection = await Platform.Postgres.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(string, long)>(
            "SELECT owner, owner_version FROM conversations.conversations WHERE customer_number = @customer", new { customer });
    }

    [Test]
    public async Task After_the_hand_over_the_customer_hears_only_from_the_agent_and_STOP_still_opts_out()
    {
        using var agent = await SignedInAgentAsync();

        // The customer asks for help: escalated, and told once that a person is coming.
        Assert.That(await CustomerRepliesAsync(Customer, "My parcel never arrived, can someone help?"), Is.EqualTo(204));
        await Platform.Events.WaitForAsync<ConversationEscalated>(e => e.CustomerNumber == Customer);
        var handover = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(Customer), m => m.Count == 1, "The hand-over text reaching the carrier");
        Assert.That(handover[0].Text, Does.StartWith(HandoverText));
        Assert.That((await OwnerAsync(Customer)).Owner, Is.EqualTo("people"));

        // The agent answers from the inbox.
        var id = await ConversationIdAsync(Customer);
        using (var reply = await agent.PostAsJsonAsync($"/v1/conversations/{id}/replies", new { text = "Hi, this is Sam. What is your order number?" }))
            Assert.That(reply.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await reply.Content.ReadAsStringAsync());
        await Eventually.MatchesAsync(() => CarrierMessagesToAsync(Customer), m => m.Count == 2, "The agent's reply reaching the carrier");

        // The customer answers twice: both reach the thread, nothing automated reaches the carrier, nothing is escalated again.
        Assert.That(await CustomerRepliesAsync(Customer, "Sure, it's 88123"), Is.EqualTo(204));
        Assert.That(await CustomerRepliesAsync(Customer, "thanks"), Is.EqualTo(204));
        var thread = await Eventually.MatchesAsync(() => ThreadAsync(Customer),
            t => t.Count(m => m.Direction == "inbound") == 3, "Both replies in the thread");
        Assert.That(thread.Where(m => m.Direction == "inbound").Select(m => m.Text),
            Is.EqualTo(new[] { "My parcel never arrived, can someone help?", "Sure, it's 88123", "thanks" }));
        await Task.Delay(TimeSpan.FromSeconds(3)); // room for an acknowledgement that should not come
        var atCarrier = await CarrierMessagesToAsync(Customer);
        Assert.Multiple(() =>
        {
            Assert.That(atCarrier, Has.Count.EqualTo(2));
            Assert.That(atCarrier[0].Text, Does.StartWith(HandoverText));
            Assert.That(atCarrier[1].Text, Is.EqualTo("Hi, this is Sam. What is your order number?"));
            Assert.That(Platform.Events.OfType<ConversationEscalated>(e => e.CustomerNumber == Customer), Has.Count.EqualTo(1), "no escalation per message");
        });

        // STOP still opts out and is confirmed while a person owns the conversation.
        Assert.That(await CustomerRepliesAsync(Customer, "STOP"), Is.EqualTo(204));
        await Platform.Events.WaitForAsync<OptOutRecorded>(e => e.Number == Customer);
        var confirmed = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(Customer), m => m.Count == 3, "The opt-out confirmation reaching the carrier");
        Assert.That(confirmed[2].Text, Does.Contain("START"));
    }

    [Test]
    public async Task Once_the_agent_resolves_the_automation_answers_the_customer_again()
    {
        using var agent = await SignedInAgentAsync();
        Assert.That(await CustomerRepliesAsync(Customer, "My order is wrong, can you look at it?"), Is.EqualTo(204));
        await Eventually.MatchesAsync(() => CarrierMessagesToAsync(Customer), m => m.Count == 1, "The hand-over text reaching the carrier");
        var id = await ConversationIdAsync(Customer);
        var handedOver = await OwnerAsync(Customer);

        using (var resolve = await agent.PostAsync($"/v1/conversations/{id}/resolve", null))
            Assert.That(resolve.StatusCode, Is.EqualTo(HttpStatusCode.OK), await resolve.Content.ReadAsStringAsync());
        Assert.That(await OwnerAsync(Customer), Is.EqualTo(("automation", handedOver.Version + 1)));
        // The Router hears of the resolution through the outbox; the customer's next question is the automation's again.
        await Platform.Events.WaitForAsync<ConversationOwnerChanged>(e => e.CustomerNumber == Customer && e.Reason == OwnerChangeReason.Resolved);
        // The resolution asked for a rating; a customer who writes about something else is not told "Sorry, we didn't
        // recognize that" but handed to people again.
        await Eventually.MatchesAsync(() => CarrierMessagesToAsync(Customer), m => m.Count == 2, "The satisfaction survey reaching the carrier");
        Assert.That(await CustomerRepliesAsync(Customer, "One more question about my order"), Is.EqualTo(204));

        await Eventually.MatchesAsync(() => Task.FromResult(Platform.Events.OfType<ConversationEscalated>(e => e.CustomerNumber == Customer)),
            e => e.Count == 2, "A new escalation after the resolution");
        var atCarrier = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(Customer), m => m.Count == 3, "A second hand-over text");
        Assert.Multiple(() =>
        {
            Assert.That(atCarrier[0].Text, Does.StartWith(HandoverText));
            Assert.That(atCarrier[1].Text, Is.EqualTo("How did we do? Reply 1-5 (5 = great)."));
            Assert.That(atCarrier[2].Text, Does.StartWith(HandoverText));
        });
    }
}
