using MassTransit;
using MassTransit.Testing;
using Npgsql;
using Sms.Compliance.Consent;
using Sms.Compliance.Data;
using Sms.Compliance.Tests.Support;
using Sms.Contracts.Compliance;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.ServiceDefaults.Messaging;
using Sms.Testing;

namespace Sms.Compliance.Tests.Consumers;

/// <summary>Both consumers on the in-memory harness, with the real consent ledger in PostgreSQL; a fresh harness per test.</summary>
public class ComplianceConsumerTests : ComplianceConsumerFixture
{
    private const string BusinessNumber = "+447700900500";

    private DateTimeOffset _clock;

    [SetUp]
    public void StartClock() => _clock = DateTimeOffset.UtcNow.AddMinutes(-10);

    [Test]
    public async Task When_STOP_is_received_the_opt_out_is_recorded_and_confirmed_and_routing_never_sees_it()
    {
        var stop = Inbound("Stop.");

        await Harness.Bus.Publish(stop);

        var optOut = await SinglePublishedAsync<OptOutRecorded>(m => m.InboundMessageId == stop.MessageId);
        var reply = await SinglePublishedAsync<SendSms>(m => m.InReplyTo == stop.MessageId);
        Assert.Multiple(() =>
        {
            Assert.That(optOut.Number, Is.EqualTo(Customer));
            Assert.That(optOut.Scope, Is.EqualTo(ComplianceHarness.Scope));
            Assert.That(optOut.Source, Is.EqualTo(ConsentSource.Keyword));
            Assert.That(optOut.Rule, Is.EqualTo("keyword:STOP"));
            Assert.That(reply.MessageId, Is.EqualTo(MessageIds.Derive(stop.MessageId, "compliance-reply")));
            Assert.That(reply.To, Is.EqualTo(Customer));
            Assert.That(reply.From, Is.EqualTo(BusinessNumber));
            Assert.That(reply.Category, Is.EqualTo(SmsCategory.Compliance));
            Assert.That(reply.Origin, Is.EqualTo(SmsOrigin.Compliance));
            Assert.That(reply.Text, Does.Contain("unsubscribed").And.Contain("START"));
        });
        Assert.That(await Harness.Published.Any<InboundSmsAccepted>(m => m.Context.Message.Message.MessageId == stop.MessageId), Is.False);
        Assert.That(await Harness.Published.Any<SmsApproved>(m => m.Context.Message.Request.MessageId == reply.MessageId), Is.True,
            "the confirmation reaches an opted-out number");

        var history = await Ledger.GetHistoryAsync(Customer, ComplianceHarness.Scope, CancellationToken.None);
        Assert.That(history.Single(), Has.Property(nameof(ConsentEvent.Kind)).EqualTo(ConsentKind.OptOut)
            .And.Property(nameof(ConsentEvent.EvidenceMessageId)).EqualTo(stop.MessageId)
            .And.Property(nameof(ConsentEvent.EvidenceText)).EqualTo("Stop."));
    }

    [Test]
    public async Task A_plain_words_request_to_stop_is_recorded_as_a_phrase_opt_out_and_confirmed()
    {
        var request = Inbound("Please stop texting me \U0001F64F");

        await Harness.Bus.Publish(request);

        var optOut = await SinglePublishedAsync<OptOutRecorded>(m => m.InboundMessageId == request.MessageId);
        var reply = await SinglePublishedAsync<SendSms>(m => m.InReplyTo == request.MessageId);
        Assert.Multiple(() =>
        {
            Assert.That(optOut.Source, Is.EqualTo(ConsentSource.Phrase));
            Assert.That(optOut.Rule, Is.EqualTo("phrase:STOP TEXTING ME"));
            Assert.That(reply.Text, Does.Contain("unsubscribed"));
        });
        Assert.That(await Harness.Published.Any<InboundSmsAccepted>(m => m.Context.Message.Message.MessageId == request.MessageId), Is.False);
        var history = await HistoryAsync();
        Assert.That(history.Single(), Has.Property(nameof(ConsentEvent.Source)).EqualTo(ConsentSource.Phrase)
            .And.Property(nameof(ConsentEvent.Rule)).EqualTo("phrase:STOP TEXTING ME")
            .And.Property(nameof(ConsentEvent.EvidenceText)).EqualTo(request.Text));
    }

    [Test]
    public async Task A_message_that_only_contains_stop_goes_to_routing()
    {
        var message = Inbound("don't stop the delivery");

        await Harness.Bus.Publish(message);

        Assert.That(await SinglePublishedAsync<InboundSmsAccepted>(m => m.Message.MessageId == message.MessageId), Is.Not.Null);
        Assert.That(await HistoryAsync(), Is.Empty);
    }

    [Test]
    public async Task A_second_STOP_within_the_minute_is_recorded_but_not_answered_again()
    {
        var first = Inbound("STOP");
        var second = Inbound("stop!");
        await Harness.Bus.Publish(first);
        await SinglePublishedAsync<OptOutRecorded>(m => m.InboundMessageId == first.MessageId);

        await Harness.Bus.Publish(second);
        await SinglePublishedAsync<OptOutRecorded>(m => m.InboundMessageId == second.MessageId);
        await WaitForConsumedAsync<InboundSmsReceived>(m => m.MessageId == second.MessageId, count: 1);
        await Published.WhenRecordedAsync<SendSms>(m => m.InReplyTo == first.MessageId);

        Assert.Multiple(() =>
        {
            Assert.That(Published.Of<SendSms>().Count(p => p.Message.InReplyTo == first.MessageId), Is.EqualTo(1));
            Assert.That(Published.Of<SendSms>().Count(p => p.Message.InReplyTo == second.MessageId), Is.Zero);
        });
        Assert.That(await HistoryAsync(), Has.Count.EqualTo(2), "both requests are evidence in the ledger");
    }

    [Test]
    public async Task HELP_twice_within_the_minute_is_answered_once_but_STOP_after_it_is_answered()
    {
        var help1 = Inbound("HELP");
        var help2 = Inbound("help");
        var stop = Inbound("STOP");

        await Harness.Bus.Publish(help1);
        await SinglePublishedAsync<HelpRequested>(m => m.InboundMessageId == help1.MessageId);
        await Harness.Bus.Publish(help2);
        await SinglePublishedAsync<HelpRequested>(m => m.InboundMessageId == help2.MessageId);
        await Harness.Bus.Publish(stop);
        await SinglePublishedAsync<SendSms>(m => m.InReplyTo == stop.MessageId);
        await WaitForConsumedAsync<InboundSmsReceived>(m => m.MessageId == help2.MessageId, count: 1);

        var replies = Published.Of<SendSms>();
        Assert.Multiple(() =>
        {
            Assert.That(replies.Count(p => p.Message.InReplyTo == help1.MessageId), Is.EqualTo(1));
            Assert.That(replies.Count(p => p.Message.InReplyTo == help2.MessageId), Is.Zero);
            Assert.That(replies.Count(p => p.Message.InReplyTo == stop.MessageId), Is.EqualTo(1), "another keyword has its own minute");
        });
    }

    [Test]
    public async Task A_send_is_decided_from_the_cache_and_the_cache_follows_an_opt_out()
    {
        var first = Send(SmsCategory.Transactional);
        await Harness.Bus.Publish(first);
        await SinglePublishedAsync<SmsApproved>(m => m.Request.MessageId == first.MessageId);

        await OptOutAsync();
        var second = Send(SmsCategory.Transactional);
        await Harness.Bus.Publish(second);

        Assert.That((await SinglePublishedAsync<SmsSuppressed>(m => m.Request.MessageId == second.MessageId)).Reason,
            Is.EqualTo(SuppressionReason.OptedOut));
    }

    [Test]
    public async Task An_ordinary_message_is_accepted_for_routing_and_changes_no_consent()
    {
        var message = Inbound("Can I move my appointment to Friday?");

        await Harness.Bus.Publish(message);

        var accepted = await SinglePublishedAsync<InboundSmsAccepted>(m => m.Message.MessageId == message.MessageId);
        // Compared as JSON: the message may carry collections (part ids), which a record compares by reference.
        Assert.That(System.Text.Json.JsonSerializer.Serialize(accepted.Message), Is.EqualTo(System.Text.Json.JsonSerializer.Serialize(message)));
        Assert.That(await Harness.Published.Any<SendSms>(m => m.Context.Message.InReplyTo == message.MessageId), Is.False);
        Assert.That(await HistoryAsync(), Is.Empty);
    }

    [Test]
    public async Task After_STOP_a_transactional_send_is_suppressed_as_opted_out()
    {
        await OptOutAsync();
        var send = Send(SmsCategory.Transactional);

        await Harness.Bus.Publish(send);

        var suppressed = await SinglePublishedAsync<SmsSuppressed>(m => m.Request.MessageId == send.MessageId);
        Assert.Multiple(() =>
        {
            Assert.That(suppressed.Reason, Is.EqualTo(SuppressionReason.OptedOut));
            Assert.That(suppressed.Detail, Does.Contain("keyword:STOP"));
            Assert.That(suppressed.Request, Is.EqualTo(send));
        });
        Assert.That(await Harness.Published.Any<SmsApproved>(m => m.Context.Message.Request.MessageId == send.MessageId), Is.False);
    }

    [Test]
    public async Task START_after_STOP_restores_approval()
    {
        await OptOutAsync();
        var start = Inbound("START");
        await Harness.Bus.Publish(start);
        var optIn = await SinglePublishedAsync<OptInRecorded>(m => m.InboundMessageId == start.MessageId);
        var send = Send(SmsCategory.Transactional);

        await Harness.Bus.Publish(send);

        Assert.That(await SinglePublishedAsync<SmsApproved>(m => m.Request.MessageId == send.MessageId), Is.Not.Null);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(optIn.Rule, Is.EqualTo("keyword:START"));
            Assert.That((await SinglePublishedAsync<SendSms>(m => m.InReplyTo == start.MessageId)).Text, Does.Contain("subscribed again"));
        });
    }

    [Test]
    public async Task Approvals_name_the_consent_they_were_decided_on_and_the_STOP_reply_the_opt_out_it_confirms()
    {
        var before = Send(SmsCategory.Transactional);
        await Harness.Bus.Publish(before);
        var beforeApproval = await SinglePublishedAsync<SmsApproved>(m => m.Request.MessageId == before.MessageId);
        var stop = Inbound("STOP");
        await Harness.Bus.Publish(stop);
        var confirmation = await SinglePublishedAsync<SmsApproved>(m => m.Request.InReplyTo == stop.MessageId);
        var start = Inbound("START");
        await Harness.Bus.Publish(start);
        var startReply = await SinglePublishedAsync<SmsApproved>(m => m.Request.InReplyTo == start.MessageId);
        var after = Send(SmsCategory.Transactional);
        await Harness.Bus.Publish(after);
        var afterApproval = await SinglePublishedAsync<SmsApproved>(m => m.Request.MessageId == after.MessageId);

        var history = await HistoryAsync();
        Assert.Multiple(() =>
        {
            Assert.That(beforeApproval.DecidedOn, Is.EqualTo(new ConsentBasis { Scope = ComplianceHarness.Scope, LatestChangeAt = null }));
            Assert.That(beforeApproval.ConfirmsOptOut, Is.Null);
            Assert.That(confirmation.ConfirmsOptOut, Is.EqualTo(new ConfirmedOptOut
            {
                Scope = ComplianceHarness.Scope, Number = Customer, OptedOutAt = history[0].OccurredAt,
            }));
            Assert.That(confirmation.DecidedOn, Is.Null, "the confirmation reaches an opted-out number without consulting consent");
            Assert.That(startReply.ConfirmsOptOut, Is.Null, "START's reply confirms no opt-out");
            Assert.That(afterApproval.DecidedOn, Is.EqualTo(new ConsentBasis { Scope = ComplianceHarness.Scope, LatestChangeAt = history[1].OccurredAt }));
            Assert.That(afterApproval.DecidedOn!.LatestChangeAt, Is.GreaterThan(confirmation.ConfirmsOptOut!.OptedOutAt));
        });
    }

    [Test]
    public async Task YES_from_an_opted_out_number_opts_it_back_in()
    {
        await OptOutAsync();
        var yes = Inbound("yes");

        await Harness.Bus.Publish(yes);

        Assert.That((await SinglePublishedAsync<OptInRecorded>(m => m.InboundMessageId == yes.MessageId)).Rule, Is.EqualTo("keyword:YES"));
        Assert.That(await Harness.Published.Any<InboundSmsAccepted>(m => m.Context.Message.Message.MessageId == yes.MessageId), Is.False);
    }

    [Test]
    public async Task YES_from_a_number_that_is_not_opted_out_is_an_ordinary_reply()
    {
        var yes = Inbound("YES");

        await Harness.Bus.Publish(yes);

        Assert.That(await SinglePublishedAsync<InboundSmsAccepted>(m => m.Message.MessageId == yes.MessageId), Is.Not.Null);
        Assert.That(await Harness.Published.Any<OptInRecorded>(m => m.Context.Message.InboundMessageId == yes.MessageId), Is.False);
    }

    [Test]
    public async Task Marketing_without_an_opt_in_is_suppressed()
    {
        var send = Send(SmsCategory.Marketing);

        await Harness.Bus.Publish(send);

        var suppressed = await SinglePublishedAsync<SmsSuppressed>(m => m.Request.MessageId == send.MessageId);
        Assert.That(suppressed.Reason, Is.EqualTo(SuppressionReason.NoMarketingConsent));
    }

    [Test]
    public async Task A_keyword_opt_in_from_a_number_without_marketing_consent_restores_reminders_and_asks_for_marketing()
    {
        var join = Inbound("JOIN");
        await Harness.Bus.Publish(join);

        var optIn = await SinglePublishedAsync<OptInRecorded>(m => m.InboundMessageId == join.MessageId);
        var question = await SinglePublishedAsync<SendSms>(m => m.MessageId == MessageIds.Derive(join.MessageId, "double-opt-in-question"));
        var (marketing, reminder) = await SendMarketingAndReminderAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(optIn.Purposes, Is.EqualTo(new[] { ConsentPurpose.Informational }));
            Assert.That(question.Text, Does.Contain("Reply Y to confirm you want marketing texts"));
            Assert.That(question.Category, Is.EqualTo(SmsCategory.Compliance));
            Assert.That((await SinglePublishedAsync<SmsSuppressed>(m => m.Request.MessageId == marketing.MessageId)).Reason,
                Is.EqualTo(SuppressionReason.NoMarketingConsent), "JOIN alone grants no marketing");
            Assert.That(await SinglePublishedAsync<SmsApproved>(m => m.Request.MessageId == reminder.MessageId), Is.Not.Null);
        });
    }

    [Test]
    public async Task The_answer_to_the_double_opt_in_question_grants_marketing_with_both_messages_as_evidence()
    {
        var join = Inbound("Join");
        await Harness.Bus.Publish(join);
        await SinglePublishedAsync<OptInRecorded>(m => m.InboundMessageId == join.MessageId);
        var yes = Inbound("y");

        await Harness.Bus.Publish(yes);

        var granted = await SinglePublishedAsync<OptInRecorded>(m => m.InboundMessageId == yes.MessageId);
        var confirmation = await SinglePublishedAsync<SendSms>(m => m.InReplyTo == yes.MessageId);
        var marketing = Send(SmsCategory.Marketing);
        await Harness.Bus.Publish(marketing);
        var recorded = (await HistoryAsync())[^1];
        Assert.Multiple(async () =>
        {
            Assert.That(granted.Source, Is.EqualTo(ConsentSource.DoubleOptIn));
            Assert.That(granted.Purposes, Is.EqualTo(new[] { ConsentPurpose.Marketing }));
            Assert.That(recorded.EvidenceMessageId, Is.EqualTo(yes.MessageId));
            Assert.That(recorded.EvidenceText, Is.EqualTo("y"));
            Assert.That(recorded.ConfirmedMessageId, Is.EqualTo(join.MessageId));
            Assert.That(recorded.ConfirmedText, Is.EqualTo("Join"));
            Assert.That(confirmation.Text, Does.Contain("you will get marketing texts"));
            Assert.That(await SinglePublishedAsync<SmsApproved>(m => m.Request.MessageId == marketing.MessageId), Is.Not.Null);
            Assert.That(await Harness.Published.Any<InboundSmsAccepted>(m => m.Context.Message.Message.MessageId == yes.MessageId), Is.False);
        });
    }

    [Test]
    public async Task Once_something_else_is_sent_a_YES_answers_that_message_not_the_double_opt_in_question()
    {
        var join = Inbound("JOIN");
        await Harness.Bus.Publish(join);
        await SinglePublishedAsync<OptInRecorded>(m => m.InboundMessageId == join.MessageId);
        var reminder = Send(SmsCategory.Transactional) with { Text = "Your appointment is tomorrow at 10:00. Reply YES to confirm." };
        await Harness.Bus.Publish(reminder);
        await SinglePublishedAsync<SmsApproved>(m => m.Request.MessageId == reminder.MessageId);
        var yes = Inbound("YES");

        await Harness.Bus.Publish(yes);

        Assert.That(await SinglePublishedAsync<InboundSmsAccepted>(m => m.Message.MessageId == yes.MessageId), Is.Not.Null,
            "the YES goes to routing, where the reminder's session answers it");
        Assert.That((await HistoryAsync()).Select(e => e.Source), Is.EqualTo(new[] { ConsentSource.Keyword }), "no marketing granted");
    }

    [Test]
    public async Task A_Y_that_answers_no_question_is_an_ordinary_reply()
    {
        var yes = Inbound("Y");

        await Harness.Bus.Publish(yes);

        Assert.That(await SinglePublishedAsync<InboundSmsAccepted>(m => m.Message.MessageId == yes.MessageId), Is.Not.Null);
        Assert.That(await HistoryAsync(), Is.Empty);
    }

    [Test]
    public async Task START_after_STOP_restores_marketing_to_a_number_that_had_it_and_asks_nothing()
    {
        await GrantMarketingAsync();
        await OptOutAsync();
        var start = Inbound("START");

        await Harness.Bus.Publish(start);

        var optIn = await SinglePublishedAsync<OptInRecorded>(m => m.InboundMessageId == start.MessageId);
        var marketing = Send(SmsCategory.Marketing);
        await Harness.Bus.Publish(marketing);
        Assert.Multiple(async () =>
        {
            Assert.That(optIn.Purposes, Is.EqualTo(new[] { ConsentPurpose.Informational, ConsentPurpose.Marketing }));
            Assert.That(await SinglePublishedAsync<SmsApproved>(m => m.Request.MessageId == marketing.MessageId), Is.Not.Null);
            Assert.That(await Harness.Published.Any<SendSms>(m => m.Context.Message.MessageId == MessageIds.Derive(start.MessageId, "double-opt-in-question")),
                Is.False, "marketing came back; nothing to ask");
        });
    }

    [Test]
    public async Task START_after_STOP_restores_only_reminders_to_a_number_that_never_had_marketing()
    {
        await OptOutAsync();
        var start = Inbound("START");

        await Harness.Bus.Publish(start);

        var optIn = await SinglePublishedAsync<OptInRecorded>(m => m.InboundMessageId == start.MessageId);
        var (marketing, reminder) = await SendMarketingAndReminderAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(optIn.Purposes, Is.EqualTo(new[] { ConsentPurpose.Informational }));
            Assert.That((await SinglePublishedAsync<SmsSuppressed>(m => m.Request.MessageId == marketing.MessageId)).Reason,
                Is.EqualTo(SuppressionReason.OptedOut), "marketing stays revoked by the STOP");
            Assert.That(await SinglePublishedAsync<SmsApproved>(m => m.Request.MessageId == reminder.MessageId), Is.Not.Null);
        });
    }

    [Test]
    public async Task A_marketing_only_opt_out_keeps_reminders_coming()
    {
        await Ledger.RecordAsync(new ConsentEvent
        {
            Number = Customer, Scope = ComplianceHarness.Scope, Kind = ConsentKind.OptOut, Source = ConsentSource.Agent,
            Rule = "agent:ana", OccurredAt = _clock, Purposes = [ConsentPurpose.Marketing],
        }, Guid.NewGuid(), CancellationToken.None);

        var (marketing, reminder) = await SendMarketingAndReminderAsync();

        Assert.Multiple(async () =>
        {
            Assert.That((await SinglePublishedAsync<SmsSuppressed>(m => m.Request.MessageId == marketing.MessageId)).Reason,
                Is.EqualTo(SuppressionReason.OptedOut));
            Assert.That(await SinglePublishedAsync<SmsApproved>(m => m.Request.MessageId == reminder.MessageId), Is.Not.Null);
        });
    }

    [Test]
    public async Task A_message_that_may_ask_to_stop_opens_a_review_holds_marketing_and_still_reaches_routing()
    {
        await GrantMarketingAsync();
        var maybe = Inbound("stop texting me the wrong time");

        await Harness.Bus.Publish(maybe);

        var review = await SinglePublishedAsync<ConsentReviewRequested>(m => m.InboundMessageId == maybe.MessageId);
        var (marketing, reminder) = await SendMarketingAndReminderAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(review.Number, Is.EqualTo(Customer));
            Assert.That(review.Score, Is.InRange(0.5, 0.8));
            Assert.That(review.Language, Is.EqualTo("en"));
            Assert.That(await SinglePublishedAsync<InboundSmsAccepted>(m => m.Message.MessageId == maybe.MessageId), Is.Not.Null);
            Assert.That((await SinglePublishedAsync<SmsDeferred>(m => m.Request.MessageId == marketing.MessageId)).Detail,
                Does.Contain("reviewing"));
            Assert.That(await Harness.Published.Any<SmsApproved>(m => m.Context.Message.Request.MessageId == marketing.MessageId), Is.False);
            Assert.That(await SinglePublishedAsync<SmsApproved>(m => m.Request.MessageId == reminder.MessageId), Is.Not.Null,
                "only marketing waits for the review");
            Assert.That(await HistoryAsync(), Has.Count.EqualTo(1), "nothing recorded until a person decides");
        });
    }

    [Test]
    public async Task A_confirmed_review_opts_out_confirms_to_the_customer_and_an_undo_restores_what_it_revoked()
    {
        var (maybe, review) = await OpenReviewAsync();

        var confirm = Decide(review.ReviewId, ConsentReviewDecision.Confirm);
        await Harness.Bus.Publish(confirm);

        var optOut = await SinglePublishedAsync<OptOutRecorded>(m => m.Source == ConsentSource.Review && m.Number == Customer);
        var confirmation = await SinglePublishedAsync<SendSms>(m => m.MessageId == MessageIds.Derive(confirm.RequestId, "compliance-reply"));
        var decided = await SinglePublishedAsync<ConsentReviewDecided>(m => m.RequestId == confirm.RequestId);
        Assert.Multiple(() =>
        {
            Assert.That(optOut.Rule, Does.StartWith("review:ana:"));
            Assert.That(optOut.InboundMessageId, Is.EqualTo(maybe.MessageId));
            Assert.That(confirmation.InReplyTo, Is.EqualTo(maybe.MessageId));
            Assert.That(confirmation.From, Is.EqualTo(BusinessNumber));
            Assert.That(confirmation.Text, Does.Contain("unsubscribed"));
            Assert.That(decided, Has.Property(nameof(ConsentReviewDecided.Status)).EqualTo(ConsentReviewStatus.Confirmed)
                .And.Property(nameof(ConsentReviewDecided.Applied)).True
                .And.Property(nameof(ConsentReviewDecided.DecidedBy)).EqualTo("ana"));
        });
        Assert.That(await SinglePublishedAsync<SmsApproved>(m => m.Request.MessageId == confirmation.MessageId), Has.Property(nameof(SmsApproved.ConfirmsOptOut)).Not.Null,
            "Outbound holds the confirmation's order like a STOP's");

        var again = Decide(review.ReviewId, ConsentReviewDecision.Confirm);
        await Harness.Bus.Publish(again);
        Assert.That(await SinglePublishedAsync<ConsentReviewDecided>(m => m.RequestId == again.RequestId),
            Has.Property(nameof(ConsentReviewDecided.Applied)).False, "confirming twice changes nothing");

        var undo = Decide(review.ReviewId, ConsentReviewDecision.Undo);
        await Harness.Bus.Publish(undo);
        var restored = await SinglePublishedAsync<OptInRecorded>(m => m.Source == ConsentSource.Review && m.Number == Customer);
        Assert.That(restored.Purposes, Is.EqualTo(new[] { ConsentPurpose.Informational, ConsentPurpose.Marketing }));
        Assert.That(await SinglePublishedAsync<ConsentReviewDecided>(m => m.RequestId == undo.RequestId),
            Has.Property(nameof(ConsentReviewDecided.Status)).EqualTo(ConsentReviewStatus.Pending));
        var marketing = Send(SmsCategory.Marketing);
        await Harness.Bus.Publish(marketing);
        Assert.That(await SinglePublishedAsync<SmsDeferred>(m => m.Request.MessageId == marketing.MessageId), Is.Not.Null,
            "pending again: marketing waits again");
        Assert.That((await HistoryAsync()).Select(e => (e.Kind, e.Source)), Is.EqualTo(new[]
        {
            (ConsentKind.OptIn, ConsentSource.Api), (ConsentKind.OptOut, ConsentSource.Review), (ConsentKind.OptIn, ConsentSource.Review),
        }));
    }

    [Test]
    public async Task A_dismissed_review_releases_the_held_marketing_at_once()
    {
        var (maybe, review) = await OpenReviewAsync();
        var marketing = Send(SmsCategory.Marketing);
        await Harness.Bus.Publish(marketing);
        var held = await SinglePublishedAsync<SmsDeferred>(m => m.Request.MessageId == marketing.MessageId);
        var deferred = new DeferredSends(DataSource);

        var dismiss = Decide(review.ReviewId, ConsentReviewDecision.Dismiss);
        await Harness.Bus.Publish(dismiss);

        Assert.That(await SinglePublishedAsync<ConsentReviewDecided>(m => m.RequestId == dismiss.RequestId),
            Has.Property(nameof(ConsentReviewDecided.Status)).EqualTo(ConsentReviewStatus.Dismissed));
        Assert.That(await deferred.ReleaseAtAsync(marketing.MessageId, CancellationToken.None), Is.LessThan(held.DeferredUntil),
            "due now rather than at the next re-check");
        var again = marketing with { };
        await Harness.Bus.Publish(again, p => p.MessageId = Guid.NewGuid());
        await WaitForConsumedAsync<SendSms>(m => m.MessageId == marketing.MessageId, 2);
        Assert.That(await SinglePublishedAsync<SmsApproved>(m => m.Request.MessageId == marketing.MessageId), Is.Not.Null,
            "decided again once released: approved");
    }

    /// <summary>A marketing send and a reminder to the customer, published.</summary>
    private async Task<(SendSms Marketing, SendSms Reminder)> SendMarketingAndReminderAsync()
    {
        var marketing = Send(SmsCategory.Marketing);
        var reminder = Send(SmsCategory.Transactional);
        await Harness.Bus.Publish(marketing);
        await Harness.Bus.Publish(reminder);
        return (marketing, reminder);
    }

    /// <summary>A customer with marketing consent writes a message that may ask to stop; its review is open.</summary>
    private async Task<(InboundSmsReceived Message, ConsentReviewRequested Review)> OpenReviewAsync()
    {
        await GrantMarketingAsync();
        var maybe = Inbound("stop texting me the wrong time");
        await Harness.Bus.Publish(maybe);
        return (maybe, await SinglePublishedAsync<ConsentReviewRequested>(m => m.InboundMessageId == maybe.MessageId));
    }

    private async Task GrantMarketingAsync() =>
        await Ledger.RecordAsync(new ConsentEvent
        {
            Number = Customer, Scope = ComplianceHarness.Scope, Kind = ConsentKind.OptIn, Source = ConsentSource.Api,
            Rule = "api:express-consent", OccurredAt = _clock,
        }, Guid.NewGuid(), CancellationToken.None);

    private DecideConsentReview Decide(Guid reviewId, ConsentReviewDecision decision) => new()
    {
        RequestId = Guid.NewGuid(), ReviewId = reviewId, Decision = decision, DecidedBy = "ana", DecidedAt = DateTimeOffset.UtcNow,
    };

    [TestCase(SmsCategory.Transactional)]
    [TestCase(SmsCategory.Conversational)]
    public async Task A_number_with_no_consent_events_gets_transactional_and_conversational_sends(SmsCategory category)
    {
        var send = Send(category);

        await Harness.Bus.Publish(send);

        Assert.That(await SinglePublishedAsync<SmsApproved>(m => m.Request.MessageId == send.MessageId), Is.Not.Null);
    }

    [Test]
    public async Task A_send_to_a_number_that_is_not_E164_is_suppressed_as_invalid()
    {
        var send = Send(SmsCategory.Transactional) with { To = "07700900001" };

        await Harness.Bus.Publish(send);

        var suppressed = await SinglePublishedAsync<SmsSuppressed>(m => m.Request.MessageId == send.MessageId);
        Assert.That(suppressed.Reason, Is.EqualTo(SuppressionReason.InvalidRequest));
    }

    [Test]
    public async Task HELP_is_answered_with_the_help_text_and_changes_no_consent()
    {
        var help = Inbound("help");

        await Harness.Bus.Publish(help);

        var requested = await SinglePublishedAsync<HelpRequested>(m => m.InboundMessageId == help.MessageId);
        var reply = await SinglePublishedAsync<SendSms>(m => m.InReplyTo == help.MessageId);
        Assert.Multiple(() =>
        {
            Assert.That(requested.Number, Is.EqualTo(Customer));
            Assert.That(requested.To, Is.EqualTo(BusinessNumber));
            Assert.That(requested.Rule, Is.EqualTo("keyword:HELP"));
            Assert.That(reply.Text, Does.Contain(ComplianceHarness.ProgramName)
                .And.Contain(ComplianceHarness.SupportContact)
                .And.Contain("Msg frequency varies. Msg&data rates may apply. Reply STOP to opt out."));
            Assert.That(reply.Category, Is.EqualTo(SmsCategory.Compliance));
            Assert.That(reply.From, Is.EqualTo(BusinessNumber));
        });
        Assert.That(await Harness.Published.Any<InboundSmsAccepted>(m => m.Context.Message.Message.MessageId == help.MessageId), Is.False);
        Assert.That(await HistoryAsync(), Is.Empty);
    }

    [Test]
    public async Task A_redelivered_STOP_adds_no_second_ledger_row_and_republishes_the_same_messages()
    {
        var stop = Inbound("STOP");

        await Harness.Bus.Publish(stop);
        await SinglePublishedAsync<OptOutRecorded>(m => m.InboundMessageId == stop.MessageId);
        await Harness.Bus.Publish(stop);
        await WaitForConsumedAsync<InboundSmsReceived>(m => m.MessageId == stop.MessageId, count: 2);

        var optOuts = Published.Of<OptOutRecorded>().Where(p => p.Message.InboundMessageId == stop.MessageId).ToList();
        var replies = Published.Of<SendSms>().Where(p => p.Message.InReplyTo == stop.MessageId).ToList();
        var history = await HistoryAsync();
        Assert.Multiple(() =>
        {
            Assert.That(history, Has.Count.EqualTo(1));
            Assert.That(optOuts, Has.Count.EqualTo(2));
            Assert.That(optOuts.Select(p => p.MessageId).Distinct().Single(), Is.EqualTo(MessageIds.Derive(stop.MessageId, "opt-out-recorded")));
            Assert.That(optOuts.Select(p => p.Message).Distinct().Count(), Is.EqualTo(1), "same content both times");
            Assert.That(replies, Has.Count.EqualTo(2));
            Assert.That(replies.Select(p => p.Message.MessageId).Distinct().Single(), Is.EqualTo(MessageIds.Derive(stop.MessageId, "compliance-reply")));
            Assert.That(replies.Select(p => p.MessageId).Distinct().Single(), Is.EqualTo(MessageIds.Derive(stop.MessageId, "compliance-reply")));
        });
    }

    [Test]
    public async Task A_redelivered_YES_stays_an_opt_in_although_the_number_is_opted_in_by_then()
    {
        await OptOutAsync();
        var yes = Inbound("YES");
        await Harness.Bus.Publish(yes);
        await SinglePublishedAsync<OptInRecorded>(m => m.InboundMessageId == yes.MessageId);

        await Harness.Bus.Publish(yes);
        await WaitForConsumedAsync<InboundSmsReceived>(m => m.MessageId == yes.MessageId, count: 2);

        Assert.That(Published.Of<OptInRecorded>().Count(p => p.Message.InboundMessageId == yes.MessageId), Is.EqualTo(2));
        Assert.That(Published.Of<InboundSmsAccepted>(), Is.Empty);
        Assert.That(await HistoryAsync(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_sender_without_a_plus_is_recorded_under_its_E164_form()
    {
        var stop = Inbound("STOP") with { From = Customer.TrimStart('+') };

        await Harness.Bus.Publish(stop);

        Assert.That((await SinglePublishedAsync<OptOutRecorded>(m => m.InboundMessageId == stop.MessageId)).Number, Is.EqualTo(Customer));
        Assert.That(await HistoryAsync(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task When_the_ledger_cannot_be_read_nothing_is_approved()
    {
        await using var unreachable = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=sms;Password=sms;Database=sms_test;Timeout=2");
        await using var compliance = await ComplianceHarness.StartAsync(unreachable);
        var harness = compliance.Bus;
        var send = Send(SmsCategory.Transactional);
        var stop = Inbound("STOP");

        await harness.Bus.Publish(send);
        await harness.Bus.Publish(stop);

        Assert.That(await harness.Published.Any<Fault<SendSms>>(m => m.Context.Message.Message.MessageId == send.MessageId), Is.True);
        Assert.That(await harness.Published.Any<Fault<InboundSmsReceived>>(m => m.Context.Message.Message.MessageId == stop.MessageId), Is.True);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await harness.Published.Any<SmsApproved>(), Is.False);
            Assert.That(await harness.Published.Any<SmsSuppressed>(), Is.False);
            Assert.That(await harness.Published.Any<InboundSmsAccepted>(), Is.False);
        });
    }

    private async Task OptOutAsync()
    {
        var stop = Inbound("STOP");
        await Harness.Bus.Publish(stop);
        await SinglePublishedAsync<OptOutRecorded>(m => m.InboundMessageId == stop.MessageId);
    }

    private InboundSmsReceived Inbound(string text)
    {
        _clock = _clock.AddSeconds(1);
        return new InboundSmsReceived
        {
            MessageId = Guid.NewGuid(),
            Provider = "vonage",
            ProviderMessageId = Guid.NewGuid().ToString("N"),
            From = Customer,
            To = BusinessNumber,
            Text = text,
            ReceivedAt = _clock,
        };
    }

    private SendSms Send(SmsCategory category) => new()
    {
        MessageId = Guid.NewGuid(),
        To = Customer,
        From = BusinessNumber,
        Text = "Your appointment is tomorrow at 10:00.",
        Category = category,
    };
}
