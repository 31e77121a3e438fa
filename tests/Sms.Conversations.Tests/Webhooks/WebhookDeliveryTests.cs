using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Sms.Contracts.Inbound;
using Sms.Conversations.Agents;
using Sms.Conversations.Background;
using Sms.Conversations.Data;
using Sms.Conversations.Tests.Support;
using Sms.Conversations.Webhooks;
using Sms.Testing;

namespace Sms.Conversations.Tests.Webhooks;

/// <summary>
/// Webhook deliveries against the real servers: events come in through the service's consumers (in-memory bus, real
/// PostgreSQL), the dispatcher posts them to a real HTTP receiver, one round at a time on a clock the test moves.
/// </summary>
public sealed class WebhookDeliveryTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private ManualClock _clock = null!;
    private ConsumerHarness _bus = null!;
    private WebhookReceiver _receiver = null!;

    private WebhookStore Store => _bus.Get<WebhookStore>();

    private WebhookDispatcher Dispatcher => _bus.Get<WebhookDispatcher>();

    [SetUp]
    public async Task StartAsync()
    {
        await WebhookTables.ResetAsync();
        _clock = new ManualClock(Start);
        _bus = await StartHarnessAsync(_clock);
        _receiver = await WebhookReceiver.StartAsync();
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _bus.DisposeAsync();
        await _receiver.DisposeAsync();
        await WebhookTables.ResetAsync();
    }

    private static Task<ConsumerHarness> StartHarnessAsync(TimeProvider clock) => ConversationsHarness.StartAsync(new ConsumerHarnessOptions
    {
        Clock = clock,
        Settings = new Dictionary<string, string?>
        {
            ["Inbox:Webhooks:FirstRetry"] = "00:01:00",
            ["Inbox:Webhooks:MaxRetry"] = "00:30:00",
            ["Inbox:Webhooks:Timeout"] = "00:00:05",
        },
    });

    private Task<WebhookSubscriptionRow> SubscribeAsync(params string[] types) =>
        Store.CreateAsync(_receiver.Url(), types.Length > 0 ? types : WebhookEventTypes.All, null, "test", _clock.GetUtcNow(), CancellationToken.None);

    /// <summary>A customer's message through the service's consumer: stored in its thread, and queued for webhooks.</summary>
    private async Task<InboundSmsReceived> ReceiveAsync(Events events, string text)
    {
        var inbound = events.Inbound(text, _clock.GetUtcNow());
        await _bus.PublishAsync(inbound);
        return inbound;
    }

    [Test]
    public async Task A_delivery_is_signed_so_that_the_receiver_verifies_it_from_the_raw_body_and_the_headers()
    {
        var subscription = await SubscribeAsync(WebhookEventTypes.MessageReceived);
        var events = Events.ForNewCustomer();
        var inbound = await ReceiveAsync(events, "Can I move my appointment?");

        Assert.That(await Dispatcher.DispatchDueAsync(CancellationToken.None), Is.EqualTo(1));

        var request = _receiver.Received.Single();
        var conversationId = await _bus.Queries.ConversationIdAsync(events.Customer, events.Business, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(WebhookReceiver.Verify(subscription.Secret, request), Is.True, "the receiver's own HMAC check");
            Assert.That(WebhookReceiver.Verify("whsec_someone-else", request), Is.False);
            Assert.That(request.Timestamp, Is.EqualTo(Start.ToUnixTimeSeconds().ToString()));
            Assert.That(request.Id, Is.EqualTo(request.Json.GetProperty("id").GetString()));
            Assert.That(request.ContentType, Does.StartWith("application/json"));
            Assert.That(request.Type, Is.EqualTo("message.received"));
            Assert.That(request.Json.GetProperty("conversationId").GetGuid(), Is.EqualTo(conversationId));
            Assert.That(request.Json.GetProperty("occurredAt").GetDateTimeOffset(), Is.EqualTo(inbound.ReceivedAt));
            Assert.That(request.Data("messageId"), Is.EqualTo(inbound.MessageId.ToString()));
            Assert.That(request.Data("from"), Is.EqualTo(events.Customer));
            Assert.That(request.Data("text"), Is.EqualTo("Can I move my appointment?"));
        });
    }

    [Test]
    public async Task Every_event_type_is_reported_from_its_bus_event_with_the_conversation_it_belongs_to()
    {
        await SubscribeAsync();
        var events = Events.ForNewCustomer();
        var reminder = events.Request("Your appointment is tomorrow at 10. Reply YES to confirm.");
        var sent = events.Sent(reminder, _clock.GetUtcNow());
        await _bus.PublishAsync(sent);
        await _bus.PublishAsync(events.Receipt(sent.ProviderMessageIds[0], DeliveryStatus.Delivered, reminder.MessageId));
        var yes = await ReceiveAsync(events, "YES");
        await _bus.PublishAsync(events.Classified(yes, reminder.MessageId, "confirm_appointment"));
        var help = await ReceiveAsync(events, "I need a person");
        await _bus.PublishAsync(events.Escalated(help));
        var stop = await ReceiveAsync(events, "STOP");
        await _bus.PublishAsync(events.OptOut(stop));
        await _bus.PublishAsync(events.OptIn(stop));
        var unknown = events.Request("Thanks!");
        await _bus.PublishAsync(events.SendFailed(unknown, _clock.GetUtcNow()) with { OutcomeUnknown = true });

        while (await Dispatcher.DispatchDueAsync(CancellationToken.None) > 0) { }

        var conversationId = await _bus.Queries.ConversationIdAsync(events.Customer, events.Business, CancellationToken.None);
        var received = _receiver.Received.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(received.Select(r => r.Type), Is.EqualTo(new[]
            {
                "message.status", "message.status", "message.received", "reply.classified", "message.received",
                "conversation.escalated", "message.received", "consent.opted_out", "consent.opted_in", "message.status",
            }), "in the order they happened, one conversation");
            Assert.That(received.Where(r => r.Type == "message.status").Select(r => r.Data("status")), Is.EqualTo(new[] { "sent", "delivered", "unknown" }));
            Assert.That(received.Select(r => r.Json.GetProperty("conversationId").GetGuid()), Has.All.EqualTo(conversationId));
            Assert.That(received.Single(r => r.Type == "reply.classified").Data("action"), Is.EqualTo("confirm_appointment"));
            Assert.That(received.Single(r => r.Type == "consent.opted_out").Data("number"), Is.EqualTo(events.Customer));
        });
    }

    [Test]
    public async Task A_hand_over_to_people_is_reported_from_the_outbox_once()
    {
        await SubscribeAsync(WebhookEventTypes.ConversationEscalated, WebhookEventTypes.OwnerChanged);
        var events = Events.ForNewCustomer();
        var help = await ReceiveAsync(events, "I want to talk to a person");
        await _bus.PublishAsync(events.Escalated(help));
        var outbox = ActivatorUtilities.CreateInstance<OutboxPublisher>(_bus.Services);
        await outbox.PublishPendingAsync(CancellationToken.None);
        await outbox.PublishPendingAsync(CancellationToken.None);

        while (await Dispatcher.DispatchDueAsync(CancellationToken.None) > 0) { }

        var conversationId = await _bus.Queries.ConversationIdAsync(events.Customer, events.Business, CancellationToken.None);
        // The outbox is the shared database's: other tests' owner changes go out with this one.
        var received = _receiver.Received.Where(r => r.Data("customerNumber") == events.Customer).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(received.Select(r => r.Type).Take(2), Is.EqualTo(new[] { "conversation.escalated", "conversation.owner_changed" }));
            Assert.That(received[1].Data("owner"), Is.EqualTo("people"));
            Assert.That(received[1].Data("reason"), Is.EqualTo("escalated"));
            Assert.That(received.Select(r => r.Json.GetProperty("conversationId").GetGuid()), Has.All.EqualTo(conversationId));
            Assert.That(received.Select(r => r.Id), Is.Unique, "the outbox read twice queues nothing twice");
        });
    }

    [Test]
    public async Task A_subscription_another_instance_makes_or_disables_is_heard_here_and_followed()
    {
        var interest = _bus.Get<WebhookInterest>();
        var listener = new DatabaseChangeListener(_bus.DataSource, _bus.Get<InboxSessions>(), interest, NullLogger<DatabaseChangeListener>.Instance);
        await listener.StartAsync(CancellationToken.None);
        try
        {
            var events = Events.ForNewCustomer();
            await ReceiveAsync(events, "Before any subscription");
            Assert.That(interest.TryGetWanted(out var wanted, out _), Is.True, "with the listener on, what was read is kept");
            Assert.That(wanted, Is.Empty);

            var otherInstance = new WebhookStore(_bus.DataSource, new WebhookInterest());
            var subscription = await otherInstance.CreateAsync(
                _receiver.Url(), [WebhookEventTypes.MessageReceived], null, "test", _clock.GetUtcNow(), CancellationToken.None);
            await Eventually(() => !interest.TryGetWanted(out _, out _), "the other instance's subscription to be heard");

            await ReceiveAsync(events, "After the subscription");
            Assert.That(await Dispatcher.DispatchDueAsync(CancellationToken.None), Is.EqualTo(1));
            Assert.That(_receiver.Received.Single().Data("text"), Is.EqualTo("After the subscription"));

            Assert.That(interest.TryGetWanted(out wanted, out _), Is.True);
            Assert.That(wanted, Is.EquivalentTo(new[] { WebhookEventTypes.MessageReceived }));
            await otherInstance.UpdateAsync(
                subscription.Id, subscription.Url, subscription.EventTypes, null, enabled: false, _clock.GetUtcNow(), CancellationToken.None);
            await Eventually(() => !interest.TryGetWanted(out _, out _), "the other instance's disabling to be heard");
            await ReceiveAsync(events, "After the disabling");
            var queued = await _bus.QueryAsync<long>("SELECT count(*) FROM conversations.webhook_deliveries WHERE subscription_id = @Id", new { subscription.Id });
            Assert.That(queued.Single(), Is.EqualTo(1), "nothing is queued for a disabled subscription");
        }
        finally
        {
            await listener.StopAsync(CancellationToken.None);
        }
    }

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Waited 10 s for {what}.");
            await Task.Delay(10);
        }
    }

    [Test]
    public async Task The_same_bus_event_delivered_twice_is_queued_once()
    {
        await SubscribeAsync(WebhookEventTypes.MessageReceived);
        var inbound = await ReceiveAsync(Events.ForNewCustomer(), "Hello");
        await _bus.PublishAsync(inbound); // redelivered

        await Dispatcher.DispatchDueAsync(CancellationToken.None);
        await Dispatcher.DispatchDueAsync(CancellationToken.None);

        Assert.That(_receiver.Received, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Failures_are_retried_after_growing_waits_with_the_same_event_id_until_the_receiver_answers_2xx()
    {
        var subscription = await SubscribeAsync();
        _receiver.Answer = request => _receiver.Received.Count <= 2 ? 500 : 204;
        await ReceiveAsync(Events.ForNewCustomer(), "Hello");

        await Dispatcher.DispatchDueAsync(CancellationToken.None);
        Assert.That(await Dispatcher.DispatchDueAsync(CancellationToken.None), Is.Zero, "not due again before its wait");
        _clock.Advance(TimeSpan.FromSeconds(73)); // the first wait: a minute ± 20 %
        await Dispatcher.DispatchDueAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(145)); // the second: two minutes ± 20 %
        await Dispatcher.DispatchDueAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(2));
        await Dispatcher.DispatchDueAsync(CancellationToken.None);

        var delivery = (await Store.DeliveriesAsync(subscription.Id, null, 10, CancellationToken.None)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(_receiver.Received.Select(r => r.Id).Distinct().Count(), Is.EqualTo(1), "one event id on every attempt");
            Assert.That(delivery.State, Is.EqualTo("delivered"));
            Assert.That(delivery.AttemptLog.Select(a => a.StatusCode), Is.EqualTo(new int?[] { 500, 500, 204 }));
            Assert.That(delivery.AttemptLog[0].Error, Does.Contain("500"));
            Assert.That(delivery.AttemptLog.Select(a => a.AttemptedAt - delivery.AttemptLog[0].AttemptedAt),
                Is.EqualTo(new[] { TimeSpan.Zero, TimeSpan.FromSeconds(73), TimeSpan.FromSeconds(218) }));
        });
    }

    [Test]
    public async Task A_failing_delivery_holds_back_the_later_ones_of_its_conversation_and_no_other()
    {
        await SubscribeAsync(WebhookEventTypes.MessageReceived);
        var stuck = Events.ForNewCustomer();
        var other = Events.ForNewCustomer();
        var first = await ReceiveAsync(stuck, "first");
        _clock.Advance(TimeSpan.FromSeconds(1));
        var second = await ReceiveAsync(stuck, "second");
        var elsewhere = await ReceiveAsync(other, "elsewhere");
        _receiver.Answer = request => request.Data("messageId") == first.MessageId.ToString() && _receiver.Received.Count < 4 ? 503 : 200;

        await Dispatcher.DispatchDueAsync(CancellationToken.None);
        var afterFirstRound = _receiver.Received.Select(r => r.Data("text")).ToList();
        _clock.Advance(TimeSpan.FromMinutes(2));
        await Dispatcher.DispatchDueAsync(CancellationToken.None); // "first" fails again
        _clock.Advance(TimeSpan.FromMinutes(5));
        await Dispatcher.DispatchDueAsync(CancellationToken.None); // "first" gets through
        await Dispatcher.DispatchDueAsync(CancellationToken.None); // then "second"

        Assert.Multiple(() =>
        {
            Assert.That(afterFirstRound, Is.EquivalentTo(new[] { "first", "elsewhere" }), "the other conversation is not held back");
            Assert.That(_receiver.Received.Select(r => r.Data("text")).Where(t => t != "elsewhere"),
                Is.EqualTo(new[] { "first", "first", "first", "second" }), "'second' waits until 'first' is delivered");
            Assert.That(second.MessageId, Is.Not.EqualTo(elsewhere.MessageId));
        });
    }

    [Test]
    public async Task A_replayed_delivery_goes_out_again_with_the_same_event_id_and_body()
    {
        var subscription = await SubscribeAsync(WebhookEventTypes.MessageReceived);
        await ReceiveAsync(Events.ForNewCustomer(), "Hello");
        await Dispatcher.DispatchDueAsync(CancellationToken.None);
        var delivery = (await Store.DeliveriesAsync(subscription.Id, null, 10, CancellationToken.None)).Single();

        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.That(await Store.ReplayAsync(subscription.Id, delivery.Id, _clock.GetUtcNow(), CancellationToken.None), Is.True);
        Assert.That(await Store.ReplayAsync(Guid.NewGuid(), delivery.Id, _clock.GetUtcNow(), CancellationToken.None), Is.False, "another subscription's delivery");
        await Dispatcher.DispatchDueAsync(CancellationToken.None);

        var received = _receiver.Received.ToList();
        var replayed = (await Store.DeliveriesAsync(subscription.Id, null, 10, CancellationToken.None)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(received, Has.Count.EqualTo(2));
            Assert.That(received[1].Id, Is.EqualTo(received[0].Id));
            Assert.That(received[1].Body, Is.EqualTo(received[0].Body));
            Assert.That(received[1].Timestamp, Is.Not.EqualTo(received[0].Timestamp), "signed anew when sent");
            Assert.That(WebhookReceiver.Verify(subscription.Secret, received[1]), Is.True);
            Assert.That(replayed.State, Is.EqualTo("delivered"));
            Assert.That(replayed.AttemptLog, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task A_subscription_failing_for_a_day_is_disabled_with_the_reason_and_no_longer_tried()
    {
        var failing = await SubscribeAsync(WebhookEventTypes.MessageReceived);
        _receiver.Answer = _ => 500;
        await ReceiveAsync(Events.ForNewCustomer(), "Hello");

        // Rounds an hour apart: each attempt fails, the first at Start.
        for (var hour = 0; hour <= 23; hour++)
        {
            await Dispatcher.DispatchDueAsync(CancellationToken.None);
            _clock.Advance(TimeSpan.FromHours(1));
        }
        var afterADayLess = await Store.GetAsync(failing.Id, CancellationToken.None);
        await Dispatcher.DispatchDueAsync(CancellationToken.None); // 24 hours after the first failure
        var disabled = await Store.GetAsync(failing.Id, CancellationToken.None);
        var attempts = _receiver.Received.Count;
        _clock.Advance(TimeSpan.FromHours(2));
        await Dispatcher.DispatchDueAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(afterADayLess!.Enabled, Is.True);
            Assert.That(afterADayLess.FailingSince, Is.EqualTo(Start.UtcDateTime));
            Assert.That(disabled!.Enabled, Is.False);
            Assert.That(disabled.DisabledAt, Is.EqualTo(Start.AddHours(24).UtcDateTime));
            Assert.That(disabled.DisabledReason, Does.Contain("failed").And.Contain("500"));
            Assert.That(_receiver.Received, Has.Count.EqualTo(attempts), "a disabled subscription gets nothing");
        });
    }

    [Test]
    public async Task A_delivered_attempt_clears_the_failure_record()
    {
        var subscription = await SubscribeAsync(WebhookEventTypes.MessageReceived);
        _receiver.Answer = _ => _receiver.Received.Count == 1 ? 500 : 200;
        await ReceiveAsync(Events.ForNewCustomer(), "Hello");
        await Dispatcher.DispatchDueAsync(CancellationToken.None);
        var failing = await Store.GetAsync(subscription.Id, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await Dispatcher.DispatchDueAsync(CancellationToken.None);
        var recovered = await Store.GetAsync(subscription.Id, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(failing!.FailingSince, Is.Not.Null);
            Assert.That(recovered!.FailingSince, Is.Null);
        });
    }

    [Test]
    public async Task Finished_deliveries_leave_the_log_after_the_retention_and_pending_ones_stay()
    {
        var subscription = await SubscribeAsync(WebhookEventTypes.MessageReceived);
        _receiver.Answer = request => request.Data("text") == "stuck" ? 500 : 200;
        await ReceiveAsync(Events.ForNewCustomer(), "done");
        await ReceiveAsync(Events.ForNewCustomer(), "stuck");
        await Dispatcher.DispatchDueAsync(CancellationToken.None);
        var pruner = _bus.Get<WebhookLogPruner>();

        _clock.Advance(TimeSpan.FromDays(29));
        var early = await pruner.PruneAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(2));
        var pruned = await pruner.PruneAsync(CancellationToken.None);

        var left = await Store.DeliveriesAsync(subscription.Id, null, 10, CancellationToken.None);
        await using var connection = await (await ConversationsDatabase.GetAsync()).OpenConnectionAsync();
        var events = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM conversations.webhook_events");
        Assert.Multiple(() =>
        {
            Assert.That(early, Is.Zero, "kept for the retention (30 days)");
            Assert.That(pruned, Is.EqualTo(1));
            Assert.That(left.Select(d => d.State), Is.EqualTo(new[] { "pending" }), "a pending delivery is never pruned");
            Assert.That(events, Is.EqualTo(1), "the pruned delivery's event went with it");
        });
    }

    [Test]
    public async Task Two_dispatchers_share_the_deliveries_without_posting_one_twice_and_keep_each_conversations_order()
    {
        await SubscribeAsync(WebhookEventTypes.MessageReceived);
        await using var secondInstance = await StartHarnessAsync(_clock);
        _receiver.Delay = TimeSpan.FromMilliseconds(15);
        var customers = Enumerable.Range(0, 8).Select(_ => Events.ForNewCustomer()).ToList();
        var sent = new List<InboundSmsReceived>();
        for (var i = 0; i < 5; i++)
        {
            foreach (var customer in customers)
                sent.Add(await ReceiveAsync(customer, $"message {i}"));
            _clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        async Task DrainAsync(WebhookDispatcher dispatcher)
        {
            var idle = 0;
            while (idle < 3)
                idle = await dispatcher.DispatchDueAsync(CancellationToken.None) == 0 ? idle + 1 : 0;
        }
        await Task.WhenAll(DrainAsync(Dispatcher), DrainAsync(secondInstance.Get<WebhookDispatcher>()));

        var received = _receiver.Received.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(received.Select(r => r.Id), Is.Unique, "no event posted twice");
            Assert.That(received, Has.Count.EqualTo(sent.Count));
            foreach (var customer in customers)
            {
                Assert.That(received.Where(r => r.Data("from") == customer.Customer).Select(r => r.Data("text")),
                    Is.EqualTo(Enumerable.Range(0, 5).Select(i => $"message {i}")), "in order per conversation");
            }
        });
    }
}

/// <summary>The webhook tables emptied, so a test's dispatcher meets only its own deliveries.</summary>
internal static class WebhookTables
{
    public static async Task ResetAsync()
    {
        var dataSource = await ConversationsDatabase.GetAsync();
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            TRUNCATE conversations.webhook_attempts, conversations.webhook_deliveries, conversations.webhook_events,
                     conversations.webhook_subscriptions
            """);
    }
}
