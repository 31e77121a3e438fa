using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;
using Sms.Conversations.Data;
using Sms.Conversations.Tests.Support;

namespace Sms.Conversations.Tests.Inbox;

/// <summary>The inbox's new consumers and state on the test harness, storing into the real PostgreSQL.</summary>
public sealed class InboxConsumerTests : ConsumerTest
{
    [Test]
    public async Task A_profile_change_delivered_twice_adds_its_labels_and_points_once()
    {
        var change = new ContactProfileChanged
        {
            ChangeId = Guid.NewGuid(), CustomerNumber = Events.Customer, BusinessNumber = Events.Business,
            AddLabels = ["interest:a", "vip"], EngagementPoints = 8, Reasons = ["reply"], ChangedAt = DateTimeOffset.UtcNow,
        };
        var another = change with { ChangeId = Guid.NewGuid(), AddLabels = ["vip"], EngagementPoints = 12 };

        await Bus.PublishAsync(change);
        await Bus.PublishAsync(change);
        await Bus.PublishAsync(another);

        var contact = await Bus.Queries.GetContactAsync(Events.Customer, CancellationToken.None);
        Assert.That(contact.Labels, Is.EqualTo(new[] { "interest:a", "vip" }));
        Assert.That(contact.EngagementScore, Is.EqualTo(20));
    }

    [Test]
    public async Task Consent_follows_the_newest_report_whatever_the_order()
    {
        var t0 = DateTimeOffset.UtcNow;
        var optOut = new OptOutRecorded { Number = Events.Customer, Scope = "brand", Source = ConsentSource.Keyword, Rule = "keyword:STOP", RecordedAt = t0.AddSeconds(10) };
        var optIn = new OptInRecorded { Number = Events.Customer, Scope = "brand", Source = ConsentSource.Keyword, Rule = "keyword:START", RecordedAt = t0 };

        await Bus.PublishAsync(optOut);
        await Bus.PublishAsync(optIn); // older: arrives late
        await Bus.PublishAsync(optOut);

        var contact = await Bus.Queries.GetContactAsync(Events.Customer, CancellationToken.None);
        Assert.That(contact.ConsentState, Is.EqualTo("opted_out"));
        Assert.That(contact.ConsentSource, Is.EqualTo("keyword"));
        Assert.That(contact.ConsentScope, Is.EqualTo("brand"));
    }

    [Test]
    public async Task A_deferred_send_shows_as_deferred_then_sent_when_it_goes_out()
    {
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-5);
        await Bus.PublishAsync(Events.Inbound("hi", t0));
        var request = Events.Request("Sale tomorrow!", category: SmsCategory.Marketing, from: Events.Business);
        var deferred = new SmsDeferred { Request = request, DeferredUntil = t0.AddHours(9), Detail = "Quiet hours", DeferredAt = t0.AddSeconds(1) };

        await Bus.PublishAsync(deferred);
        await Bus.PublishAsync(deferred);
        var held = (await Bus.Queries.GetThreadAsync(Events.Customer, CancellationToken.None)).Single(m => m.MessageId == request.MessageId);
        await Bus.PublishAsync(Events.Sent(request, t0.AddHours(9)));
        var sent = (await Bus.Queries.GetThreadAsync(Events.Customer, CancellationToken.None)).Single(m => m.MessageId == request.MessageId);

        Assert.That(held.Status, Is.EqualTo("deferred"));
        Assert.That(held.StatusDetail, Does.Contain("Quiet hours"));
        Assert.That(held.ConversationId, Is.Not.Null, "shown in the thread");
        Assert.That(sent.Status, Is.EqualTo("sent"));
    }

    [Test]
    public async Task A_resolved_conversation_reopens_when_the_customer_writes_again_and_the_sla_clock_restarts()
    {
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds());
        var first = Events.Inbound("help", t0);
        await Bus.PublishAsync(first);
        var id = (await Bus.QueryAsync<Guid>("SELECT id FROM conversations.conversations WHERE customer_number = @Customer", new { Events.Customer })).Single();
        Assert.That(await Bus.Handoff.ResolveAsync(id, CancellationToken.None), Is.EqualTo(ActionOutcome.Done));
        var resolved = await Bus.Queries.GetConversationAsync(id, CancellationToken.None);

        var again = Events.Inbound("still there?", t0.AddMinutes(1));
        await Bus.PublishAsync(again);
        await Bus.PublishAsync(again);
        var reopened = await Bus.Queries.GetConversationAsync(id, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(resolved!.Status, Is.EqualTo("resolved"));
            Assert.That(resolved.WaitingSince, Is.Null);
            Assert.That(reopened!.Status, Is.EqualTo("open"));
            Assert.That(reopened.WaitingSince, Is.EqualTo(again.ReceivedAt.UtcDateTime), "only messages after the resolution count");
            Assert.That(reopened.UnreadCount, Is.EqualTo(2), "one per message, the redelivery not counted");
            Assert.That(reopened.MessageCount, Is.EqualTo(2), "with its history");
        });
    }

    [Test]
    public async Task A_reply_automation_understood_stops_the_sla_clock()
    {
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-5);
        var reply = Events.Inbound("YES", t0);
        await Bus.PublishAsync(reply);
        var waiting = await ConversationAsync();
        await Bus.PublishAsync(Events.Classified(reply, Guid.NewGuid(), "confirm_appointment"));
        var handled = await ConversationAsync();

        Assert.That(waiting.WaitingSince, Is.Not.Null);
        Assert.That(handled.WaitingSince, Is.Null);
    }

    private async Task<ConversationRow> ConversationAsync()
    {
        var id = (await Bus.QueryAsync<Guid>("SELECT id FROM conversations.conversations WHERE customer_number = @Customer", new { Events.Customer })).Single();
        return (await Bus.Queries.GetConversationAsync(id, CancellationToken.None))!;
    }
}
