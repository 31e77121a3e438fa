using System.Globalization;
using System.Text.RegularExpressions;
using MassTransit;
using MassTransit.Testing;
using Sms.Contracts.Inbound;
using Sms.Conversations.Tests.Support;
using Sms.Testing;

namespace Sms.Conversations.Tests.Consumers;

/// <summary>
/// Events the thread store cannot take as they are: text from a producer older than the text rule (U+0000), and an
/// event PostgreSQL refuses for good. On the test bus with the service's retries (millisecond waits) and the real PostgreSQL.
/// </summary>
public sealed class UnstorableEventTests : ConsumerTest
{
    [Test]
    public async Task A_customer_message_with_NUL_is_stored_in_its_thread_with_the_GSM_at_sign()
    {
        var inbound = Events.Inbound("Meet me \0 the station", DateTimeOffset.UtcNow);

        await Bus.PublishAsync(inbound);

        var stored = (await Bus.Queries.GetThreadAsync(Events.Customer, CancellationToken.None)).Single();
        Assert.That(stored.MessageId, Is.EqualTo(inbound.MessageId));
        Assert.That(stored.Text, Is.EqualTo("Meet me @ the station"));
        Assert.That(stored.ConversationId, Is.Not.Null, "filed in its conversation");
    }

    [Test]
    public async Task A_sent_message_with_NUL_is_stored_in_its_thread_with_the_GSM_at_sign()
    {
        await Bus.PublishAsync(Events.Sent(Events.Request("Your code is \0123"), DateTimeOffset.UtcNow));

        Assert.That((await Bus.Queries.GetThreadAsync(Events.Customer, CancellationToken.None)).Single().Text, Is.EqualTo("Your code is @123"));
    }

    [Test]
    public async Task A_batch_with_a_message_PostgreSQL_refuses_stores_the_others_at_once_and_only_that_one_is_retried_and_parked()
    {
        var logs = new CapturedLogs();
        await using var bus = await ConversationsHarness.StartAsync(new ConsumerHarnessOptions { ServiceRetry = true, Logs = logs });
        var t0 = DateTimeOffset.UtcNow;
        var good = Enumerable.Range(0, 12).Select(i => Events.ForNewCustomer().Inbound($"good {i}", t0)).ToList();
        var poison = Events.ForNewCustomer().Inbound("refused", t0);
        // A message this database refuses for ever: a constraint only its id breaks (no other test writes that id).
        var constraint = "poison_" + poison.MessageId.ToString("N");
        await bus.ExecuteAsync(
            $"ALTER TABLE conversations.messages ADD CONSTRAINT {constraint} CHECK (message_id <> '{poison.MessageId}') NOT VALID", new { });
        try
        {
            // All at once, so they are collected into one batch with the poison in its middle.
            var batch = good.Take(6).Append(poison).Concat(good.Skip(6)).ToList();
            await bus.Bus.Bus.PublishBatch(batch);

            Assert.That(await bus.Bus.Published.Any<Fault<InboundSmsReceived>>(f => f.Context.Message.Message.MessageId == poison.MessageId),
                Is.True, "the refused message ends in _error");
            var batchSizes = logs.Lines.Select(l => Regex.Match(l.Text, "^1 of a batch of (\\d+) InboundSmsReceived could not be stored"))
                .Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
            Assert.That(batchSizes, Has.Some.GreaterThan(1), "the refused message came in a batch with others");

            foreach (var message in good)
            {
                var received = bus.Bus.Consumed.Select<InboundSmsReceived>(m => m.Context.Message.MessageId == message.MessageId).ToList();
                Assert.That(received.Where(m => m.Exception is not null), Is.Empty, $"{message.Text}: never failed, so never retried");
                Assert.That(await bus.Queries.GetThreadAsync(message.From, CancellationToken.None), Has.Count.EqualTo(1), $"{message.Text}: stored");
            }
            Assert.That(bus.Bus.Published.Select<Fault<InboundSmsReceived>>().Count(), Is.EqualTo(1), "only the refused message faulted");
            Assert.That(await bus.Queries.GetThreadAsync(poison.From, CancellationToken.None), Is.Empty);
        }
        finally
        {
            await bus.ExecuteAsync($"ALTER TABLE conversations.messages DROP CONSTRAINT {constraint}", new { });
        }
    }
}
