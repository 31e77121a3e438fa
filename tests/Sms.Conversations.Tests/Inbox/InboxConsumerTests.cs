using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;
using Sms.Conversations.Data;
using Sms.Conversations.Tests.Support;

namespace Sms.Conversations.Tests.Inbox;

/// <summary>The inbox's new consumers and state on the test harness, storing into the real PostgreSQL.</summary>
public sealed class InboxConsumerTests
{
    private ConsumerHarness _bus = null!;
    private Events _events = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _bus = await ConsumerHarness.StartAsync();
        _events = Events.ForNewCustomer();
    }

    [TearDown]
    public async Task StopAsync() => await _bus.DisposeAsync();

    [Test]
    public async Task A_profile_change_delivered_twice_adds_its_labels_and_points_once()
    {
        var change = new ContactProfileChanged
        {
            ChangeId = Guid.NewGuid(), CustomerNumber = _events.Customer, BusinessNumber = _events.Business,
            AddLabels = ["interest:a", "vip"], EngagementPoints = 8, Reasons = ["reply"], ChangedAt = DateTimeOffset.UtcNow,
        };
        var another = change with { ChangeId = Guid.NewGuid(), AddLabels = ["vip"], EngagementPoints = 12 };

        await _bus.PublishAsync(change);
        await _bus.PublishAsync(change);
        await _bus.PublishAsync(another);

        var contact = await _bus.Queries.GetContactAsync(_events.Customer, CancellationToken.None);
        Assert.That(contact.Labels, Is.EqualTo(new[] { "interest:a", "vip" }));
        Assert.That(contact.EngagementScore, Is.EqualTo(20));
    }

    [Test]
    public async Task Consent_follows_the_newest_report_whatever_the_order()
    {
        var t0 = DateTimeOffset.UtcNow;
        var optOut = new OptOutRecorded { Number = _events.Customer, Scope = "brand", Source = ConsentSource.Keyword, Rule = "keyword:STOP", RecordedAt = t0.AddSeconds(10) };
        var optIn = new OptInRecorded { Number = _events.Customer, Scope = "brand", Source = ConsentSource.Keyword, Rule = "keyword:START", RecordedAt = t0 };

        await _bus.PublishAsync(optOut);
        await _bus.PublishAsync(optIn); // older: arrives late
        await _bus.PublishAsync(optOut);

        var contact = await _bus.Queries.GetContactAsync(_events.Customer, CancellationToken.None);
        Assert.That(contact.ConsentState, Is.EqualTo("opted_out"));
        Assert.That(contact.ConsentSource, Is.EqualTo("keyword"));
        Assert.That(contact.ConsentScope, Is.EqualTo("brand"));
    }

    [Test]
    public async Task A_deferred_send_shows_as_deferred_then_sent_when_it_goes_out()
    {
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-5);
        await _bus.PublishAsync(_events.Inbound("hi", t0));
        var request = _events.Request("Sale tomorrow!", category: SmsCategory.Marketing, from: _events.Business);
        var deferred = new SmsDeferred { Request = request, DeferredUntil = t0.AddHours(9), Detail = "Quiet hours", DeferredAt = t0.AddSeconds(1) };

        await _bus.PublishAsync(deferred);
        await _bus.PublishAsync(deferred);
        var held = (await _bus.Queries.GetThreadAsync(_events.Customer, CancellationToken.None)).Single(m => m.MessageId == request.MessageId);
        await _bus.PublishAsync(_events.Sent(request, t0.AddHours(9)));
        var sent = (await _bus.Queries.GetThreadAsync(_events.Customer, CancellationToken.None)).Single(m => m.MessageId == request.MessageId);

        Assert.That(held.Status, Is.EqualTo("deferred"));
        Assert.That(held.StatusDetail, Does.Contain("Quiet hours"));
        Assert.That(held.ConversationId, Is.Not.Null, "shown in the thread");
        Assert.That(sent.Status, Is.EqualTo("sent"));
    }

    [Test]
    public async Task A_resolved_conversation_reopens_when_the_customer_writes_again_and_the_sla_clock_restarts()
    {
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds());
        var first = _events.Inbound("help", t0);
        await _bus.PublishAsync(first);
        var id = (await _bus.QueryAsync<Guid>("SELECT id FROM conversations.conversations WHERE customer_number = @Customer", new { _events.Customer })).Single();
        Assert.That(await _bus.Handoff.ResolveAsync(id, CancellationToken.None), Is.EqualTo(ActionOutcome.Done));
        var resolved = await _bus.Queries.GetConversationAsync(id, CancellationToken.None);

        var again = _events.Inbound("still there?", t0.AddMinutes(1));
        await _bus.PublishAsync(again);
        await _bus.PublishAsync(again);
        var reopened = await _bus.Queries.GetConversationAsync(id, CancellationToken.None);

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
        var reply = _events.Inbound("YES", t0);
        await _bus.PublishAsync(reply);
        var waiting = await ConversationAsync();
        await _bus.PublishAsync(_events.Classified(reply, Guid.NewGuid(), "confirm_appointment"));
        var handled = await ConversationAsync();

        Assert.That(waiting.WaitingSince, Is.Not.Null);
        Assert.That(handled.WaitingSince, Is.Null);
    }

    private async Task<ConversationRow> ConversationAsync()
    {
        var id = (await _bus.QueryAsync<Guid>("SELECT id FROM conversations.conversations WHERE customer_number = @Customer", new { _events.Customer })).Single();
        return (await _bus.Queries.GetConversationAsync(id, CancellationToken.None))!;
    }
}
