using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;
using Sms.Conversations.Data;
using Sms.Conversations.Tests.Support;

namespace Sms.Conversations.Tests.Data;

/// <summary>
/// A customer writing in a conversation that already exists (the usual case: the customer answers us), against the
/// real PostgreSQL: the message is filed at once and the conversation updated in the same round trip.
/// </summary>
public sealed class ExistingConversationTests
{
    [Test]
    public async Task A_reply_in_a_resolved_conversation_reopens_it_counts_unread_and_starts_the_SLA_clock_once()
    {
        var (data, events, conversationId) = await ConversationWithPromptAsync();
        Assert.That(await data.Handoff.ResolveAsync(conversationId, CancellationToken.None), Is.EqualTo(ActionOutcome.Done));
        var inbound = events.Inbound("Can I move it to Friday?", DateTimeOffset.UtcNow.AddSeconds(-30));

        var first = await data.Projection.RecordInboundAsync(inbound, CancellationToken.None);
        var again = await data.Projection.RecordInboundAsync(inbound, CancellationToken.None);

        var conversation = await data.Queries.GetConversationAsync(conversationId, CancellationToken.None);
        var message = await data.Queries.GetMessageAsync(inbound.MessageId, CancellationToken.None);
        Assert.That((first, again), Is.EqualTo((true, false)), "a redelivery stores nothing");
        Assert.That(message!.ConversationId, Is.EqualTo(conversationId));
        Assert.That(conversation!.Status, Is.EqualTo("open"));
        Assert.That(conversation.UnreadCount, Is.EqualTo(1));
        Assert.That(conversation.WaitingSince, Is.EqualTo(inbound.ReceivedAt.UtcDateTime).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That(conversation.LastMessageAt, Is.EqualTo(inbound.ReceivedAt.UtcDateTime).Within(TimeSpan.FromMilliseconds(1)));
    }

    [Test]
    public async Task Replies_and_their_classifications_datad_at_the_same_moment_all_land_and_stop_the_SLA_clock()
    {
        var (data, events, conversationId) = await ConversationWithPromptAsync();
        var replies = Enumerable.Range(0, 20)
            .Select(i => events.Inbound($"YES {i}", DateTimeOffset.UtcNow.AddSeconds(-20 + i)))
            .ToList();

        // Each message's two events race; both lock the message's row first and the conversation's second.
        await Task.WhenAll(replies.SelectMany(inbound => new[]
        {
            Task.Run(() => data.Projection.RecordInboundAsync(inbound, CancellationToken.None)),
            Task.Run(() => data.Projection.MarkClassifiedAsync(events.Classified(inbound, Guid.NewGuid(), "confirm"), CancellationToken.None)),
        }));

        var conversation = await data.Queries.GetConversationAsync(conversationId, CancellationToken.None);
        var thread = await data.Queries.GetThreadAsync(events.Customer, CancellationToken.None);
        var stored = thread.Where(m => m.Direction == "inbound").ToList();
        Assert.That(stored, Has.Count.EqualTo(replies.Count));
        Assert.That(stored.Select(m => m.ConversationId), Is.All.EqualTo(conversationId));
        Assert.That(stored.Select(m => m.HandledBy), Is.All.EqualTo("automation"));
        Assert.That(stored.Select(m => m.Text), Is.All.Not.Null);
        Assert.That(conversation!.UnreadCount, Is.EqualTo(replies.Count));
        Assert.That(conversation.WaitingSince, Is.Null, "automation handled every reply");
    }

    [Test]
    public async Task A_receipt_without_our_message_id_finds_its_message_by_the_carriers_id()
    {
        var (data, events, _) = await ConversationWithPromptAsync();
        var sent = events.Sent(events.Request("Your code is 1234"), DateTimeOffset.UtcNow, Events.NewProviderId());
        await data.Projection.RecordSentAsync(sent, CancellationToken.None);

        var stored = await data.Projection.RecordDeliveryStatusAsync(events.Receipt(sent.ProviderMessageIds[0], DeliveryStatus.Failed, errorCode: "6"), CancellationToken.None);

        var message = await data.Queries.GetMessageAsync(sent.Request.MessageId, CancellationToken.None);
        Assert.That(stored, Is.True);
        Assert.That(message!.Status, Is.EqualTo("failed"));
    }

    /// <summary>A conversation opened by a prompt we sent, as the benchmark's customers have.</summary>
    private static async Task<(ConversationData Data, Events Events, Guid ConversationId)> ConversationWithPromptAsync()
    {
        var data = await ConversationData.OpenAsync();
        var events = Events.ForNewCustomer();
        var prompt = events.Request("Reply YES to confirm your appointment", from: events.Business) with
        {
            Prompt = new SmsPrompt { SessionType = "appointment_reminder", Options = new Dictionary<string, string> { ["YES"] = "confirm" } },
        };
        await data.Projection.RecordSentAsync(events.Sent(prompt, DateTimeOffset.UtcNow.AddMinutes(-1)), CancellationToken.None);
        var message = await data.Queries.GetMessageAsync(prompt.MessageId, CancellationToken.None);
        return (data, events, message!.ConversationId!.Value);
    }
}
