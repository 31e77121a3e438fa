using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.Conversations.Data;
using Sms.Conversations.Tests.Support;

namespace Sms.Conversations.Tests.Data;

/// <summary>
/// A three-part message and the receipts of its parts, in scrambled orders, against the real PostgreSQL: the
/// message's status comes from all its parts, and no part (and so no message) moves backwards.
/// </summary>
public sealed class PartDeliveryStoreTests
{
    private static async Task<MessageRow> MessageAsync(ConversationData data, Events events, SmsSent sent) =>
        (await data.Queries.GetThreadAsync(events.Customer, CancellationToken.None)).Single(m => m.MessageId == sent.Request.MessageId);

    /// <summary>Applies each step: "S" the SmsSent, "p:status" a receipt for part p (0-based).</summary>
    private static async Task ApplyAsync(ConversationData data, Events events, SmsSent sent, string steps)
    {
        foreach (var step in steps.Split(' '))
        {
            if (step == "S")
            {
                await data.Projection.RecordSentAsync(sent, CancellationToken.None);
                continue;
            }
            var (part, status) = (int.Parse(step[..1], System.Globalization.CultureInfo.InvariantCulture), Enum.Parse<DeliveryStatus>(step[2..], ignoreCase: true));
            await data.Projection.RecordDeliveryStatusAsync(
                events.Receipt(sent.ProviderMessageIds[part], status, errorCode: status == DeliveryStatus.Delivered ? "0" : "6"), CancellationToken.None);
        }
    }

    [TestCase("S 0:accepted 1:accepted 2:accepted 0:delivered 1:delivered 2:delivered")]
    [TestCase("2:delivered 0:delivered S 1:delivered 1:accepted 0:accepted")]
    [TestCase("1:delivered 1:accepted 2:buffered 0:delivered 2:delivered 2:accepted S")]
    [TestCase("0:delivered 0:accepted 2:delivered S 2:buffered 1:delivered 1:accepted")]
    public async Task Every_part_delivered_in_any_order_is_delivered_and_a_late_accepted_changes_nothing(string steps)
    {
        var data = await ConversationData.OpenAsync();
        var events = Events.ForNewCustomer();
        var sent = events.Sent(events.Request("A long reminder"), DateTimeOffset.UtcNow, Events.NewProviderId(), Events.NewProviderId(), Events.NewProviderId());

        await ApplyAsync(data, events, sent, steps);

        var message = await MessageAsync(data, events, sent);
        Assert.Multiple(() =>
        {
            Assert.That(message.Status, Is.EqualTo("delivered"));
            Assert.That(message.Parts!.Select(p => (p.ProviderMessageId, p.Status)),
                Is.EqualTo(sent.ProviderMessageIds.Select(id => (id, "delivered"))));
        });
    }

    [TestCase("S 0:delivered 1:failed 2:delivered")]
    [TestCase("1:failed 2:delivered 2:accepted S 0:accepted 0:delivered 1:accepted")]
    [TestCase("2:delivered 1:accepted 0:delivered 1:failed 0:buffered S")]
    public async Task Parts_that_disagree_make_it_partially_delivered(string steps)
    {
        var data = await ConversationData.OpenAsync();
        var events = Events.ForNewCustomer();
        var sent = events.Sent(events.Request("A long reminder"), DateTimeOffset.UtcNow, Events.NewProviderId(), Events.NewProviderId(), Events.NewProviderId());

        await ApplyAsync(data, events, sent, steps);

        var message = await MessageAsync(data, events, sent);
        Assert.Multiple(() =>
        {
            Assert.That(message.Status, Is.EqualTo("partially_delivered"));
            Assert.That(message.StatusDetail, Is.EqualTo("2 of 3 parts delivered; Carrier reported failed (error 6)"));
            Assert.That(message.Parts!.Select(p => p.Status), Is.EqualTo(new[] { "delivered", "failed", "delivered" }));
            Assert.That(message.Parts![1].ErrorCode, Is.EqualTo("6"));
        });
    }

    [Test]
    public async Task The_status_moves_only_forward_as_the_parts_report()
    {
        var data = await ConversationData.OpenAsync();
        var events = Events.ForNewCustomer();
        var sent = events.Sent(events.Request("A long reminder"), DateTimeOffset.UtcNow, Events.NewProviderId(), Events.NewProviderId(), Events.NewProviderId());
        var seen = new List<string>();

        foreach (var steps in new[] { "S", "0:delivered", "0:accepted", "1:delivered", "2:expired", "2:accepted", "2:buffered" })
        {
            await ApplyAsync(data, events, sent, steps);
            seen.Add((await MessageAsync(data, events, sent)).Status);
        }

        Assert.That(seen, Is.EqualTo(new[] { "sent", "sent", "sent", "sent", "partially_delivered", "partially_delivered", "partially_delivered" }));
    }

    [Test]
    public async Task Every_part_failed_is_failed()
    {
        var data = await ConversationData.OpenAsync();
        var events = Events.ForNewCustomer();
        var sent = events.Sent(events.Request("A long reminder"), DateTimeOffset.UtcNow, Events.NewProviderId(), Events.NewProviderId(), Events.NewProviderId());

        await ApplyAsync(data, events, sent, "2:rejected S 0:expired 1:failed 1:accepted");

        var message = await MessageAsync(data, events, sent);
        Assert.Multiple(() =>
        {
            Assert.That(message.Status, Is.EqualTo("failed"));
            Assert.That(message.Parts!.Select(p => p.Status), Is.EqualTo(new[] { "expired", "failed", "rejected" }));
        });
    }

    [Test]
    public async Task A_part_without_a_receipt_shows_as_sent()
    {
        var data = await ConversationData.OpenAsync();
        var events = Events.ForNewCustomer();
        var sent = events.Sent(events.Request("A long reminder"), DateTimeOffset.UtcNow, Events.NewProviderId(), Events.NewProviderId());

        await ApplyAsync(data, events, sent, "S 0:delivered");

        var message = await MessageAsync(data, events, sent);
        Assert.Multiple(() =>
        {
            Assert.That(message.Status, Is.EqualTo("sent"));
            Assert.That(message.Parts!.Select(p => p.Status), Is.EqualTo(new[] { "delivered", "sent" }));
        });
    }
}
