using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.Conversations.Data;
using Sms.Conversations.Tests.Support;

namespace Sms.Conversations.Tests.Consumers;

/// <summary>The consumers on an in-memory bus, storing into the real PostgreSQL.</summary>
public sealed class ThreadTests : ConsumerTest
{
    private DateTimeOffset _t0;

    [SetUp]
    public void StartClock() =>
        // Whole milliseconds: PostgreSQL keeps microseconds, so stored instants compare equal.
        _t0 = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds());

    [Test]
    public async Task A_reminder_the_reply_and_the_auto_response_form_one_thread_in_order()
    {
        var reminder = Events.Request("Your appointment is tomorrow at 10:00. Reply YES to confirm.");
        var reply = Events.Inbound("yes", _t0.AddSeconds(30));
        var autoResponse = Events.Request("Thanks, see you tomorrow.", SmsOrigin.Automation, SmsCategory.Conversational,
            inReplyTo: reply.MessageId, from: Events.Business);

        await Bus.PublishAsync(Events.Sent(reminder, _t0));
        await Bus.PublishAsync(reply);
        await Bus.PublishAsync(Events.Classified(reply, reminder.MessageId, "confirm_appointment"));
        await Bus.PublishAsync(Events.Sent(autoResponse, _t0.AddSeconds(31)));

        var thread = await ThreadAsync();
        Assert.That(thread.Select(m => m.MessageId), Is.EqualTo(new[] { reminder.MessageId, reply.MessageId, autoResponse.MessageId }));
        Assert.Multiple(() =>
        {
            Assert.That(thread.Select(m => m.Direction), Is.EqualTo(new[] { "outbound", "inbound", "outbound" }));
            Assert.That(thread.Select(m => m.Status), Is.EqualTo(new[] { "sent", "received", "sent" }));
            Assert.That(thread.Select(m => m.Origin), Is.EqualTo(new[] { "upstream", "customer", "automation" }));
            Assert.That(thread.Select(m => m.ConversationId).Distinct().Single(), Is.Not.Null, "one conversation");
            Assert.That(thread[1].Text, Is.EqualTo("yes"));
            Assert.That(thread[1].HandledBy, Is.EqualTo("automation"));
            Assert.That(thread[1].Action, Is.EqualTo("confirm_appointment"));
            Assert.That(thread[2].InReplyTo, Is.EqualTo(reply.MessageId));
            Assert.That(thread[2].Category, Is.EqualTo("conversational"));
            Assert.That(thread[0].ProviderMessageIds, Has.Length.EqualTo(1));
            Assert.That(thread[0].Encoding, Is.EqualTo("gsm7"));
            Assert.That(thread[0].Segments, Is.EqualTo(1));
        });

        var conversation = await ConversationAsync();
        Assert.That(conversation.Status, Is.EqualTo("open"));
        Assert.That(conversation.LastMessageAt, Is.EqualTo(_t0.AddSeconds(31).UtcDateTime));
    }

    [Test]
    public async Task Every_event_delivered_twice_is_stored_once_and_changes_nothing()
    {
        var reminder = Events.Request("Reply YES to confirm.");
        var sent = Events.Sent(reminder, _t0, Events.NewProviderId(), Events.NewProviderId());
        var reply = Events.Inbound("hello?", _t0.AddSeconds(10));
        var stop = Events.Inbound("STOP", _t0.AddSeconds(20));
        var suppressed = Events.Suppressed(Events.Request("Sale today!", category: SmsCategory.Marketing), _t0.AddSeconds(30));
        var failed = Events.SendFailed(Events.Request("Reminder"), _t0.AddSeconds(40));
        object[] all =
        [
            sent, reply, stop, suppressed, failed,
            Events.Classified(reply, reminder.MessageId, "confirm_appointment"),
            Events.Escalated(reply),
            Events.OptOut(stop),
            Events.Receipt(sent.ProviderMessageIds[0], DeliveryStatus.Delivered),
            Events.Receipt(sent.ProviderMessageIds[1], DeliveryStatus.Buffered),
        ];

        foreach (var message in all) await PublishAsync(message);
        var before = await SnapshotAsync();
        foreach (var message in all) await PublishAsync(message);

        var after = await SnapshotAsync();
        Assert.Multiple(() =>
        {
            Assert.That(after.Messages, Is.EqualTo(before.Messages));
            Assert.That(after.Conversations, Is.EqualTo(before.Conversations));
            Assert.That(after.Receipts, Is.EqualTo(before.Receipts));
            Assert.That(before.Messages, Has.Count.EqualTo(5));
            Assert.That(before.Conversations, Has.Count.EqualTo(1));
            Assert.That(before.Receipts, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_resolved_conversation_opens_again_when_the_customer_writes()
    {
        await Bus.PublishAsync(Events.Inbound("first", _t0));
        await ResolveAsync();

        await Bus.PublishAsync(Events.Inbound("one more thing", _t0.AddMinutes(1)));

        var conversation = await ConversationAsync();
        Assert.That(conversation.Status, Is.EqualTo("open"));
        Assert.That(conversation.LastMessageAt, Is.EqualTo(_t0.AddMinutes(1).UtcDateTime));
    }

    [Test]
    public async Task A_redelivered_old_message_does_not_reopen_a_resolved_conversation()
    {
        var first = Events.Inbound("first", _t0);
        await Bus.PublishAsync(first);
        await ResolveAsync();

        await Bus.PublishAsync(first);

        Assert.That((await ConversationAsync()).Status, Is.EqualTo("resolved"));
    }

    [Test]
    public async Task An_escalation_puts_the_conversation_in_the_agents_queue()
    {
        var message = Events.Inbound("Can someone call me?", _t0);
        await Bus.PublishAsync(message);

        await Bus.PublishAsync(Events.Escalated(message));

        var conversation = await ConversationAsync();
        Assert.That(conversation.Status, Is.EqualTo("waiting_on_agent"));
        Assert.That(conversation.EscalationReason, Is.EqualTo("no_matching_session"));
    }

    [Test]
    public async Task An_escalation_that_overtakes_its_message_keeps_the_conversation_waiting()
    {
        var message = Events.Inbound("Can someone call me?", _t0);

        await Bus.PublishAsync(Events.Escalated(message));
        await Bus.PublishAsync(message);
        await Bus.PublishAsync(Events.Inbound("Hello?", _t0.AddMinutes(1)));

        var conversation = await ConversationAsync();
        Assert.That(conversation.Status, Is.EqualTo("waiting_on_agent"));
        Assert.That((await ThreadAsync()).Select(m => m.ConversationId), Is.All.EqualTo(conversation.Id));
    }

    [Test]
    public async Task A_suppressed_send_without_a_sender_shows_in_the_customers_thread()
    {
        var request = Events.Request("Sale today!", category: SmsCategory.Marketing);

        await Bus.PublishAsync(Events.Suppressed(request, _t0));

        var message = (await ThreadAsync()).Single();
        Assert.Multiple(() =>
        {
            Assert.That(message.MessageId, Is.EqualTo(request.MessageId));
            Assert.That(message.Status, Is.EqualTo("suppressed"));
            Assert.That(message.StatusDetail, Does.StartWith("opted_out: "));
            Assert.That(message.BusinessNumber, Is.Empty);
            Assert.That(message.ConversationId, Is.Null, "a send that never left opens no conversation");
        });
    }

    [Test]
    public async Task A_suppressed_send_without_a_sender_is_filed_in_the_customers_latest_conversation()
    {
        await Bus.PublishAsync(Events.Inbound("hi", _t0));
        var request = Events.Request("Sale today!", category: SmsCategory.Marketing);

        await Bus.PublishAsync(Events.Suppressed(request, _t0.AddSeconds(1)));

        var thread = await ThreadAsync();
        Assert.That(thread.Select(m => m.Status), Is.EqualTo(new[] { "received", "suppressed" }));
        Assert.That(thread[1].ConversationId, Is.EqualTo((await ConversationAsync()).Id));
        Assert.That((await ConversationAsync()).LastMessageAt, Is.EqualTo(_t0.UtcDateTime), "a suppressed send is no activity");
    }

    [Test]
    public async Task A_send_the_carrier_refused_is_failed_with_the_reason()
    {
        var request = Events.Request("Reminder");

        await Bus.PublishAsync(Events.SendFailed(request, _t0));

        var message = (await ThreadAsync()).Single();
        Assert.That(message.Status, Is.EqualTo("failed"));
        Assert.That(message.StatusDetail, Is.EqualTo("Invalid credentials (error 4)"));
    }

    [Test]
    public async Task A_send_whose_outcome_was_unknown_moves_to_sent_then_delivered_when_the_carrier_turns_out_to_have_taken_it()
    {
        var request = Events.Request("Reminder");
        var unknown = Events.SendFailed(request, _t0) with { OutcomeUnknown = true, ErrorCode = null, Reason = "Outcome unknown: the carrier did not answer in time" };
        await Bus.PublishAsync(unknown);
        var first = (await ThreadAsync()).Single();

        var sent = Events.Sent(request, _t0.AddSeconds(5));
        await Bus.PublishAsync(sent);
        var afterSent = (await ThreadAsync()).Single().Status;
        await Bus.PublishAsync(Events.Receipt(sent.ProviderMessageIds[0], DeliveryStatus.Delivered, errorCode: "0"));
        await Bus.PublishAsync(unknown); // redelivered late: changes nothing now

        Assert.Multiple(async () =>
        {
            Assert.That(first.Status, Is.EqualTo("unknown"));
            Assert.That(first.StatusDetail, Does.StartWith("Outcome unknown"));
            Assert.That(afterSent, Is.EqualTo("sent"));
            Assert.That((await ThreadAsync()).Single().Status, Is.EqualTo("delivered"));
        });
    }

    [Test]
    public async Task A_receipt_alone_settles_an_unknown_outcome()
    {
        var request = Events.Request("Reminder");
        await Bus.PublishAsync(Events.SendFailed(request, _t0) with { OutcomeUnknown = true });

        await Bus.PublishAsync(Events.Receipt("late-" + Guid.NewGuid().ToString("N"), DeliveryStatus.Delivered, messageId: request.MessageId, errorCode: "0"));

        Assert.That((await ThreadAsync()).Single().Status, Is.EqualTo("delivered"));
    }

    [Test]
    public async Task A_delivery_receipt_marks_the_message_delivered_and_joins_the_timeline()
    {
        var sent = Events.Sent(Events.Request("Reminder"), _t0);
        await Bus.PublishAsync(sent);

        await Bus.PublishAsync(Events.Receipt(sent.ProviderMessageIds[0], DeliveryStatus.Accepted));
        await Bus.PublishAsync(Events.Receipt(sent.ProviderMessageIds[0], DeliveryStatus.Delivered, errorCode: "0"));

        Assert.That((await ThreadAsync()).Single().Status, Is.EqualTo("delivered"));
        var timeline = await Bus.QueryAsync<string>(
            "SELECT status FROM conversations.delivery_events WHERE provider_message_id = @Id ORDER BY id",
            new { Id = sent.ProviderMessageIds[0] });
        Assert.That(timeline, Is.EqualTo(new[] { "accepted", "delivered" }));
    }

    [Test]
    public async Task A_receipt_that_overtakes_its_SmsSent_is_applied_when_the_message_is_stored()
    {
        var sent = Events.Sent(Events.Request("Reminder"), _t0);

        await Bus.PublishAsync(Events.Receipt(sent.ProviderMessageIds[0], DeliveryStatus.Delivered));
        Assert.That(await ThreadAsync(), Is.Empty);
        await Bus.PublishAsync(sent);

        Assert.That((await ThreadAsync()).Single().Status, Is.EqualTo("delivered"), "a late sent does not overwrite delivered");
    }

    [Test]
    public async Task A_receipt_found_by_our_message_id_updates_the_message()
    {
        var sent = Events.Sent(Events.Request("Reminder"), _t0);
        await Bus.PublishAsync(sent);

        // A part id this message was not stored with: only our id (echoed as the client reference) finds it.
        await Bus.PublishAsync(Events.Receipt(Events.NewProviderId(), DeliveryStatus.Failed, sent.Request.MessageId, errorCode: "6"));

        var message = (await ThreadAsync()).Single();
        Assert.That(message.Status, Is.EqualTo("failed"));
        Assert.That(message.StatusDetail, Is.EqualTo("Carrier reported failed (error 6)"));
    }

    [Test]
    public async Task A_STOP_message_is_marked_handled_by_compliance_even_when_the_opt_out_comes_first()
    {
        var stop = Events.Inbound("STOP", _t0);

        await Bus.PublishAsync(Events.OptOut(stop));
        await Bus.PublishAsync(stop);

        var message = (await ThreadAsync()).Single();
        Assert.Multiple(() =>
        {
            Assert.That(message.Text, Is.EqualTo("STOP"));
            Assert.That(message.HandledBy, Is.EqualTo("compliance"));
            Assert.That(message.BusinessNumber, Is.EqualTo(Events.Business));
            Assert.That(message.ConversationId, Is.Not.Null);
            Assert.That(message.CreatedAt, Is.EqualTo(_t0.UtcDateTime), "the receive time replaces the placeholder's");
        });
    }

    [Test]
    public async Task A_HELP_message_is_marked_handled_by_compliance()
    {
        var help = Events.Inbound("HELP", _t0);

        await Bus.PublishAsync(help);
        await Bus.PublishAsync(Events.Help(help));

        var message = (await ThreadAsync()).Single();
        Assert.Multiple(() =>
        {
            Assert.That(message.Text, Is.EqualTo("HELP"));
            Assert.That(message.HandledBy, Is.EqualTo("compliance"));
        });
    }

    [Test]
    public async Task A_START_after_a_STOP_is_marked_handled_by_compliance_like_the_STOP()
    {
        var stop = Events.Inbound("STOP", _t0);
        var start = Events.Inbound("START", _t0.AddMinutes(1));

        await Bus.PublishAsync(stop);
        await Bus.PublishAsync(Events.OptOut(stop));
        await Bus.PublishAsync(start);
        await Bus.PublishAsync(Events.OptIn(start));

        var thread = await ThreadAsync();
        Assert.That(thread.Select(m => (m.Text, m.HandledBy)), Is.EqualTo(new[] { ("STOP", "compliance"), ("START", "compliance") }));
    }

    [Test]
    public async Task A_classification_that_overtakes_its_message_is_kept()
    {
        var reply = Events.Inbound("2", _t0);

        await Bus.PublishAsync(Events.Classified(reply, Guid.NewGuid(), "reschedule_request"));
        await Bus.PublishAsync(reply);

        var message = (await ThreadAsync()).Single();
        Assert.That(message.Text, Is.EqualTo("2"));
        Assert.That(message.HandledBy, Is.EqualTo("automation"));
        Assert.That(message.Action, Is.EqualTo("reschedule_request"));
    }

    private Task<IReadOnlyList<MessageRow>> ThreadAsync() => Bus.Queries.GetThreadAsync(Events.Customer, CancellationToken.None);

    private async Task<ConversationRow> ConversationAsync() => (await Bus.QueryAsync<ConversationRow>("""
        SELECT id, customer_number AS CustomerNumber, business_number AS BusinessNumber, status,
               escalation_reason AS EscalationReason, last_message_at AS LastMessageAt
        FROM conversations.conversations WHERE customer_number = @Customer
        """, new { Events.Customer })).Single();

    private Task ResolveAsync() => Bus.ExecuteAsync(
        "UPDATE conversations.conversations SET status = 'resolved' WHERE customer_number = @Customer", new { Events.Customer });

    private Task PublishAsync(object message) => message switch
    {
        SmsSent m => Bus.PublishAsync(m),
        InboundSmsReceived m => Bus.PublishAsync(m),
        SmsDeliveryStatusChanged m => Bus.PublishAsync(m),
        Contracts.Compliance.SmsSuppressed m => Bus.PublishAsync(m),
        Contracts.Compliance.OptOutRecorded m => Bus.PublishAsync(m),
        SmsSendFailed m => Bus.PublishAsync(m),
        Contracts.Routing.ReplyClassified m => Bus.PublishAsync(m),
        Contracts.Routing.ConversationEscalated m => Bus.PublishAsync(m),
        _ => throw new ArgumentException($"No case for {message.GetType().Name}", nameof(message)),
    };

    /// <summary>Every stored column of this customer's rows, updated_at included.</summary>
    private async Task<Snapshot> SnapshotAsync() => new(
        await Bus.QueryAsync<string>(
            "SELECT to_jsonb(m)::text FROM conversations.messages m WHERE customer_number = @Customer ORDER BY seq", new { Events.Customer }),
        await Bus.QueryAsync<string>(
            "SELECT to_jsonb(c)::text FROM conversations.conversations c WHERE customer_number = @Customer ORDER BY id", new { Events.Customer }),
        (await Bus.QueryAsync<long>("""
            SELECT count(*) FROM conversations.delivery_events
            WHERE provider_message_id IN (SELECT unnest(provider_message_ids) FROM conversations.messages WHERE customer_number = @Customer)
            """, new { Events.Customer })).Single());

    private sealed record Snapshot(IReadOnlyList<string> Messages, IReadOnlyList<string> Conversations, long Receipts);
}
