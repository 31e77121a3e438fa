using Sms.Contracts.Inbound;
using Sms.Conversations.Data;
using Sms.Conversations.Tests.Support;
using Sms.Testing;

namespace Sms.Conversations.Tests.Data;

/// <summary>The store against the real PostgreSQL, where events about one message are stored at the same moment.</summary>
public sealed class ConversationStoreTests
{
    [Test]
    public async Task A_receipt_stored_at_the_same_moment_as_its_SmsSent_is_never_lost()
    {
        var store = new ConversationStore(await TestDatabase.GetAsync("conversations", typeof(Program).Assembly));
        var events = Events.ForNewCustomer();
        var sends = Enumerable.Range(0, 25)
            .Select(i => events.Sent(events.Request($"Reminder {i}"), DateTimeOffset.UtcNow, Events.NewProviderId(), Events.NewProviderId()))
            .ToList();

        await Task.WhenAll(sends.SelectMany(sent => new[]
        {
            Task.Run(() => store.RecordSentAsync(sent, CancellationToken.None)),
            Task.Run(() => store.RecordDeliveryStatusAsync(events.Receipt(sent.ProviderMessageIds[1], DeliveryStatus.Delivered), CancellationToken.None)),
            Task.Run(() => store.RecordDeliveryStatusAsync(events.Receipt(sent.ProviderMessageIds[0], DeliveryStatus.Delivered, sent.Request.MessageId), CancellationToken.None)),
        }));

        var thread = await store.GetThreadAsync(events.Customer, CancellationToken.None);
        Assert.That(thread, Has.Count.EqualTo(sends.Count));
        Assert.That(thread.Select(m => m.Status), Is.All.EqualTo("delivered"));
    }

    [Test]
    public async Task The_same_inbound_stored_concurrently_is_stored_once()
    {
        var store = new ConversationStore(await TestDatabase.GetAsync("conversations", typeof(Program).Assembly));
        var events = Events.ForNewCustomer();
        var inbound = events.Inbound("hello", DateTimeOffset.UtcNow);

        var stored = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.RecordInboundAsync(inbound, CancellationToken.None))));

        Assert.That(stored.Count(s => s), Is.EqualTo(1), "exactly one delivery stores it");
        Assert.That(await store.GetThreadAsync(events.Customer, CancellationToken.None), Has.Count.EqualTo(1));
    }
}
