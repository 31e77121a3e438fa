using Npgsql;
using Sms.Contracts.Inbound;
using Sms.Conversations.Data;
using Sms.Conversations.Tests.Support;

namespace Sms.Conversations.Tests.Data;

/// <summary>The event writes against the real PostgreSQL, where events about one message are stored at the same moment.</summary>
public sealed class ThreadProjectionTests
{
    [Test]
    public async Task A_receipt_datad_at_the_same_moment_as_its_SmsSent_is_never_lost()
    {
        var data = await ConversationData.OpenAsync();
        var events = Events.ForNewCustomer();
        var sends = Enumerable.Range(0, 25)
            .Select(i => events.Sent(events.Request($"Reminder {i}"), DateTimeOffset.UtcNow, Events.NewProviderId(), Events.NewProviderId()))
            .ToList();

        await Task.WhenAll(sends.SelectMany(sent => new[]
        {
            Task.Run(() => data.Projection.RecordSentAsync(sent, CancellationToken.None)),
            Task.Run(() => data.Projection.RecordDeliveryStatusAsync(events.Receipt(sent.ProviderMessageIds[1], DeliveryStatus.Delivered), CancellationToken.None)),
            Task.Run(() => data.Projection.RecordDeliveryStatusAsync(events.Receipt(sent.ProviderMessageIds[0], DeliveryStatus.Delivered, sent.Request.MessageId), CancellationToken.None)),
        }));

        var thread = await data.Queries.GetThreadAsync(events.Customer, CancellationToken.None);
        Assert.That(thread, Has.Count.EqualTo(sends.Count));
        Assert.That(thread.Select(m => m.Status), Is.All.EqualTo("delivered"));
    }

    [Test]
    public async Task The_same_inbound_datad_concurrently_is_datad_once()
    {
        var data = await ConversationData.OpenAsync();
        var events = Events.ForNewCustomer();
        var inbound = events.Inbound("hello", DateTimeOffset.UtcNow);

        var stored = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => data.Projection.RecordInboundAsync(inbound, CancellationToken.None))));

        Assert.That(stored.Count(s => s), Is.EqualTo(1), "exactly one delivery stores it");
        Assert.That(await data.Queries.GetThreadAsync(events.Customer, CancellationToken.None), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_batch_datas_every_event_once_and_says_which_were_datad_already()
    {
        var data = await ConversationData.OpenAsync();
        var customers = Enumerable.Range(0, 5).Select(_ => Events.ForNewCustomer()).ToList();
        var inbound = customers.Select((c, i) => c.Inbound($"Reply {i}", DateTimeOffset.UtcNow)).ToList();
        await data.Projection.RecordInboundAsync(inbound[3], CancellationToken.None); // stored before its batch arrives

        // The same event twice in one batch (a redelivery overtaking the first delivery's batch) counts once.
        var batch = inbound.Append(inbound[1]).ToList();
        var stored = await data.Projection.RecordInboundAsync(batch, CancellationToken.None);

        Assert.That(stored, Is.EqualTo(new[] { true, true, true, false, true, false }));
        foreach (var (events, message) in customers.Zip(inbound))
        {
            var thread = await data.Queries.GetThreadAsync(events.Customer, CancellationToken.None);
            Assert.That(thread.Select(m => m.Text), Is.EqualTo(new[] { message.Text }), events.Customer);
        }
    }

    [Test]
    public async Task An_event_that_cannot_be_datad_does_not_hold_back_the_rest_of_its_batch()
    {
        var data = await ConversationData.OpenAsync();
        var dataSource = data.DataSource;
        var customers = Enumerable.Range(0, 3).Select(_ => Events.ForNewCustomer()).ToList();
        var good = new[] { customers[0].Inbound("first", DateTimeOffset.UtcNow), customers[2].Inbound("third", DateTimeOffset.UtcNow) };
        var poison = customers[1].Inbound("refused", DateTimeOffset.UtcNow);
        // A constraint only this event breaks: it fails the batch's transaction, and its own, for good.
        var constraint = "poison_" + poison.MessageId.ToString("N");
        await using (var command = dataSource.CreateCommand(
            $"ALTER TABLE conversations.messages ADD CONSTRAINT {constraint} CHECK (message_id <> '{poison.MessageId}') NOT VALID"))
            await command.ExecuteNonQueryAsync();
        try
        {
            var failure = Assert.ThrowsAsync<EventsNotStoredException>(() => data.Projection.RecordInboundAsync([good[0], poison, good[1]], CancellationToken.None));

            Assert.Multiple(async () =>
            {
                Assert.That(failure!.Failed, Is.EqualTo(new[] { 1 }), "the position of the event not stored");
                Assert.That(failure.Changed, Is.EqualTo(new[] { true, false, true }));
                Assert.That(failure.InnerException, Is.InstanceOf<PostgresException>().With.Property("SqlState").EqualTo("23514"));
                Assert.That((await data.Queries.GetThreadAsync(customers[0].Customer, CancellationToken.None)).Select(m => m.Text), Is.EqualTo(new[] { "first" }));
                Assert.That(await data.Queries.GetThreadAsync(customers[1].Customer, CancellationToken.None), Is.Empty);
                Assert.That((await data.Queries.GetThreadAsync(customers[2].Customer, CancellationToken.None)).Select(m => m.Text), Is.EqualTo(new[] { "third" }));
            });
            Assert.That(await data.Projection.RecordInboundAsync([good[0], good[1]], CancellationToken.None), Is.EqualTo(new[] { false, false }),
                "a retry of the batch finds them stored");
        }
        finally
        {
            await using var drop = dataSource.CreateCommand($"ALTER TABLE conversations.messages DROP CONSTRAINT {constraint}");
            await drop.ExecuteNonQueryAsync();
        }
    }
}
