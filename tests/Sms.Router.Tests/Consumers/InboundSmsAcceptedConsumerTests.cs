using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;
using Sms.Router.Tests.Support;
using Sms.ServiceDefaults.Messaging;
using Sms.Testing;
using static Sms.Router.Tests.Support.Build;

namespace Sms.Router.Tests.Consumers;

/// <summary>The router end to end within the service: a prompt is sent, the customer replies.</summary>
public class InboundSmsAcceptedConsumerTests : RouterFixture
{
    [Test]
    public async Task A_yes_to_an_appointment_reminder_is_classified_and_answered()
    {
        var prompt = await SendPromptAsync(AppointmentPrompt());

        var reply = await ReplyAsync("yes");

        var classified = await PublishedFor<ReplyClassified>(reply, m => m.InboundMessageId);
        var sends = await PublishedFor<SendSms>(reply, m => m.InReplyTo);
        Assert.That(classified, Has.Count.EqualTo(1));
        Assert.That(sends, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            var c = classified[0];
            Assert.That(c.Action, Is.EqualTo("confirm_appointment"));
            Assert.That(c.MatchedOption, Is.EqualTo("YES"));
            Assert.That(c.Context["appointment_id"], Is.EqualTo("appt-42"));
            Assert.That(c.PromptMessageId, Is.EqualTo(prompt.Request.MessageId));
            Assert.That(c.SessionType, Is.EqualTo("appointment_reminder"));
            Assert.That(c.CampaignId, Is.EqualTo("appt-2025-04-15"));
            Assert.That(c.CustomerNumber, Is.EqualTo(CustomerNumber));
            Assert.That(c.BusinessNumber, Is.EqualTo(AppointmentNumber));
            Assert.That(c.Ambiguous, Is.False);

            var send = sends[0];
            Assert.That(send.Text, Is.EqualTo("Appointment confirmed. See you tomorrow at 10:00."));
            Assert.That(send.MessageId, Is.EqualTo(MessageIds.Derive(reply.Message.MessageId, "auto-response")));
            Assert.That(send.To, Is.EqualTo(CustomerNumber));
            Assert.That(send.From, Is.EqualTo(AppointmentNumber));
            Assert.That(send.Category, Is.EqualTo(SmsCategory.Conversational));
            Assert.That(send.Origin, Is.EqualTo(SmsOrigin.Automation));
        });
        Assert.That(await PublishedFor<ConversationEscalated>(reply, m => m.InboundMessageId), Is.Empty);
    }

    [Test]
    public async Task A_reply_while_no_session_waits_on_that_number_is_escalated_and_the_router_itself_sends_nothing()
    {
        await SendPromptAsync(AppointmentPrompt(), PaymentNumber);

        var reply = await ReplyAsync("Can I bring my dog to the appointment?", AppointmentNumber);

        var escalated = await PublishedFor<ConversationEscalated>(reply, m => m.InboundMessageId);
        Assert.That(escalated, Has.Count.EqualTo(1));
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await PublishedFor<SendSms>(reply, m => m.InReplyTo), Is.Empty, "Conversations tells the customer");
            Assert.That(escalated[0].Reason, Is.EqualTo(EscalationReason.NoMatchingSession));
            Assert.That(escalated[0].Priority, Is.EqualTo(EscalationPriority.Normal));
            Assert.That(escalated[0].CustomerNumber, Is.EqualTo(CustomerNumber));
            Assert.That(await PublishedFor<ReplyClassified>(reply, m => m.InboundMessageId), Is.Empty);
        });
        Assert.That(await Store.LoadAsync(CustomerNumber, CancellationToken.None), Has.Count.EqualTo(1), "the session stays open");
    }

    [Test]
    public async Task An_answered_prompt_is_closed_so_a_second_answer_goes_to_a_person()
    {
        await SendPromptAsync(AppointmentPrompt());
        await ReplyAsync("yes");

        var second = await ReplyAsync("YES");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await Store.LoadAsync(CustomerNumber, CancellationToken.None), Is.Empty);
            Assert.That(await PublishedFor<ConversationEscalated>(second, m => m.InboundMessageId), Has.Count.EqualTo(1));
            Assert.That(await PublishedFor<ReplyClassified>(second, m => m.InboundMessageId), Is.Empty);
        });
    }

    [Test]
    public async Task A_redelivered_reply_repeats_its_classification_with_the_same_auto_response_id()
    {
        await SendPromptAsync(AppointmentPrompt());
        var first = await ReplyAsync("yes");

        await ReplyAsync("yes", messageId: first.Message.MessageId);

        var classified = await PublishedFor<ReplyClassified>(first, m => m.InboundMessageId);
        var sends = await PublishedFor<SendSms>(first, m => m.InReplyTo);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(classified, Has.Count.EqualTo(2));
            Assert.That(classified.Select(c => c.Action).Distinct(), Is.EqualTo(new[] { "confirm_appointment" }));
            Assert.That(sends.Select(s => s.MessageId).Distinct(), Is.EqualTo(new[] { MessageIds.Derive(first.Message.MessageId, "auto-response") }));
            Assert.That(await PublishedFor<ConversationEscalated>(first, m => m.InboundMessageId), Is.Empty);
        });
    }

    [Test]
    public async Task Two_reminders_on_two_numbers_each_get_their_own_answer()
    {
        var appointment = await SendPromptAsync(AppointmentPrompt(), AppointmentNumber);
        var payment = await SendPromptAsync(new SmsPrompt
        {
            SessionType = "payment_reminder",
            Options = PaymentOptions,
            AutoResponses = new Dictionary<string, string> { ["pay_now"] = "Here is your payment link." },
        }, PaymentNumber);

        var one = await ReplyAsync("1", PaymentNumber);
        var yes = await ReplyAsync("Yes!", AppointmentNumber);

        var forOne = await PublishedFor<ReplyClassified>(one, m => m.InboundMessageId);
        var forYes = await PublishedFor<ReplyClassified>(yes, m => m.InboundMessageId);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(forOne.Single().PromptMessageId, Is.EqualTo(payment.Request.MessageId));
            Assert.That(forOne.Single().Action, Is.EqualTo("pay_now"));
            Assert.That(forYes.Single().PromptMessageId, Is.EqualTo(appointment.Request.MessageId));
            Assert.That((await PublishedFor<SendSms>(one, m => m.InReplyTo)).Single().From, Is.EqualTo(PaymentNumber));
        });
    }

    [Test]
    public async Task A_reply_to_the_older_reminders_number_goes_to_it_though_the_newer_reminder_accepts_it_too()
    {
        var appointment = await SendPromptAsync(new SmsPrompt
        {
            SessionType = "appointment_reminder",
            Options = new Dictionary<string, string> { ["1"] = "confirm_appointment", ["2"] = "reschedule_request" },
        }, AppointmentNumber);
        await SendPromptAsync(new SmsPrompt { SessionType = "payment_reminder", Options = PaymentOptions }, PaymentNumber);

        var one = await ReplyAsync("1", AppointmentNumber);

        var classified = (await PublishedFor<ReplyClassified>(one, m => m.InboundMessageId)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(classified.PromptMessageId, Is.EqualTo(appointment.Request.MessageId), "the number replied to decides");
            Assert.That(classified.Action, Is.EqualTo("confirm_appointment"));
            Assert.That(classified.Ambiguous, Is.False, "only one session waits on the number replied to");
        });
    }

    [Test]
    public async Task A_reply_both_reminders_on_one_number_accept_goes_to_the_newer_and_is_counted_ambiguous_once()
    {
        using var replies = new RecordedCounter("sms.router.replies");
        await SendPromptAsync(new SmsPrompt
        {
            SessionType = "appointment_reminder",
            Options = new Dictionary<string, string> { ["1"] = "confirm_appointment", ["2"] = "reschedule_request" },
        });
        var payment = await SendPromptAsync(new SmsPrompt { SessionType = "payment_reminder", Options = PaymentOptions });

        var one = await ReplyAsync("1");
        await ReplyAsync("1", messageId: one.Message.MessageId);

        var classified = await PublishedFor<ReplyClassified>(one, m => m.InboundMessageId);
        Assert.Multiple(() =>
        {
            Assert.That(classified.Select(c => c.PromptMessageId).Distinct(), Is.EqualTo(new[] { payment.Request.MessageId }));
            Assert.That(classified.Select(c => c.Ambiguous), Is.All.True);
            Assert.That(replies.Recorded.Count(r => Equals(r["outcome"], "classified") && Equals(r["ambiguous"], true)), Is.EqualTo(1),
                "the redelivered reply is not counted again");
        });
    }

    [Test]
    public async Task A_prompt_without_auto_response_for_the_action_sends_nothing_back()
    {
        await SendPromptAsync(AppointmentPrompt());

        var reply = await ReplyAsync("no");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That((await PublishedFor<ReplyClassified>(reply, m => m.InboundMessageId)).Single().Action, Is.EqualTo("reschedule_request"));
            Assert.That(await PublishedFor<SendSms>(reply, m => m.InReplyTo), Is.Empty);
        });
    }

    [Test]
    public async Task A_reply_not_understood_is_asked_again_twice_then_handed_to_a_person()
    {
        var prompt = await SendPromptAsync(AppointmentPrompt());

        var first = await ReplyAsync("maybe");
        var second = await ReplyAsync("what do you mean");
        var third = await ReplyAsync("hmm");

        var firstSends = await PublishedFor<SendSms>(first, m => m.InReplyTo);
        var secondSends = await PublishedFor<SendSms>(second, m => m.InReplyTo);
        var thirdSends = await PublishedFor<SendSms>(third, m => m.InReplyTo);
        var escalated = await Router.PublishedAsync<ConversationEscalated>(m => m.CustomerNumber == CustomerNumber);
        Assert.Multiple(() =>
        {
            Assert.That(firstSends.Select(m => m.Text), Is.EqualTo(new[] { "Sorry, we didn't recognize that. Reply YES or NO." }));
            Assert.That(firstSends[0].MessageId, Is.EqualTo(MessageIds.Derive(first.Message.MessageId, "clarification")));
            Assert.That(firstSends[0].From, Is.EqualTo(AppointmentNumber));
            Assert.That(firstSends[0].Origin, Is.EqualTo(SmsOrigin.Automation));
            Assert.That(secondSends.Select(m => m.Text), Is.EqualTo(new[] { "Sorry, we didn't recognize that. Reply YES or NO." }));
            Assert.That(thirdSends, Is.Empty, "escalated: Conversations tells the customer");
            Assert.That(escalated, Has.Count.EqualTo(1));
            Assert.That(escalated[0].InboundMessageId, Is.EqualTo(third.Message.MessageId));
            Assert.That(escalated[0].Reason, Is.EqualTo(EscalationReason.AutomationFailed));
            Assert.That(escalated[0].PromptMessageId, Is.EqualTo(prompt.Request.MessageId));
        });
    }

    [Test]
    public async Task A_clarified_session_still_takes_its_answer()
    {
        await SendPromptAsync(AppointmentPrompt());
        await ReplyAsync("maybe");

        var yes = await ReplyAsync("yeah");

        Assert.That((await PublishedFor<ReplyClassified>(yes, m => m.InboundMessageId)).Single().Action, Is.EqualTo("confirm_appointment"));
    }

    [Test]
    public async Task A_redelivered_unrecognised_reply_counts_once()
    {
        await SendPromptAsync(AppointmentPrompt());
        var first = await ReplyAsync("maybe");
        await ReplyAsync("maybe", messageId: first.Message.MessageId);
        await ReplyAsync("maybe", messageId: first.Message.MessageId);

        var second = await ReplyAsync("perhaps");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That((await PublishedFor<SendSms>(first, m => m.InReplyTo)).Select(m => m.MessageId).Distinct().Count(), Is.EqualTo(1));
            Assert.That((await PublishedFor<SendSms>(second, m => m.InReplyTo)).Single().Text, Does.StartWith("Sorry"), "still the second attempt");
            Assert.That(await Router.PublishedAsync<ConversationEscalated>(m => m.CustomerNumber == CustomerNumber), Is.Empty);
        });
    }

    [TestCase("Can you call me instead?", EscalationReason.HumanRequested, EscalationPriority.High, null)]
    [TestCase("This is absolutely unacceptable", EscalationReason.NegativeSentiment, EscalationPriority.High, null)]
    [TestCase("Why was I charged twice?", EscalationReason.SensitiveTopic, EscalationPriority.High, "billing")]
    [TestCase("I never booked this, it's fraud", EscalationReason.SensitiveTopic, EscalationPriority.Urgent, "fraud")]
    [TestCase("Is my password safe? I got a phishing text", EscalationReason.SensitiveTopic, EscalationPriority.Urgent, "security")]
    public async Task A_reply_that_needs_a_person_is_escalated_with_reason_and_priority(
        string text, EscalationReason reason, EscalationPriority priority, string? topic)
    {
        await SendPromptAsync(AppointmentPrompt());

        var reply = await ReplyAsync(text);

        var sends = await PublishedFor<SendSms>(reply, m => m.InReplyTo);
        var escalated = await PublishedFor<ConversationEscalated>(reply, m => m.InboundMessageId);
        Assert.Multiple(() =>
        {
            Assert.That(sends, Is.Empty);
            Assert.That(escalated, Has.Count.EqualTo(1));
            Assert.That(escalated[0].Reason, Is.EqualTo(reason));
            Assert.That(escalated[0].Priority, Is.EqualTo(priority));
            Assert.That(escalated[0].Topic, Is.EqualTo(topic));
        });
    }

    [Test]
    public async Task Synonyms_clarification_and_escalation_words_come_from_configuration()
    {
        await RestartAsync(new Dictionary<string, string?>
        {
            ["Router:Synonyms:YES:0"] = "si",
            ["Router:Synonyms:NO:0"] = "nein",
            ["Router:Clarification"] = "Please reply {options}.",
            ["Router:MaxClarifications"] = "1",
            ["Router:Escalation:HumanRequestPhrases:0"] = "persona",
            ["Router:Escalation:HumanRequestPriority"] = "Urgent",
            ["Router:Escalation:SensitiveTopics:0:Name"] = "legal",
            ["Router:Escalation:SensitiveTopics:0:Keywords:0"] = "lawyer",
            ["Router:Escalation:SensitiveTopics:0:Priority"] = "Normal",
        });
        await SendPromptAsync(AppointmentPrompt());

        var yep = await ReplyAsync("yep");
        var persona = await ReplyAsync("una persona por favor");
        // An escalation hands the conversation to people; each further check is another customer's.
        CustomerNumber = TestNumbers.Unique();
        var lawyer = await ReplyAsync("my lawyer will call");
        CustomerNumber = TestNumbers.Unique();
        await SendPromptAsync(AppointmentPrompt());
        var si = await ReplyAsync("SI!");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That((await PublishedFor<SendSms>(yep, m => m.InReplyTo)).Single().Text, Is.EqualTo("Please reply YES or NO."), "yep is no synonym here");
            var forPersona = (await PublishedFor<ConversationEscalated>(persona, m => m.InboundMessageId)).Single();
            Assert.That((forPersona.Reason, forPersona.Priority), Is.EqualTo((EscalationReason.HumanRequested, EscalationPriority.Urgent)));
            var forLawyer = (await PublishedFor<ConversationEscalated>(lawyer, m => m.InboundMessageId)).Single();
            Assert.That((forLawyer.Reason, forLawyer.Topic, forLawyer.Priority), Is.EqualTo((EscalationReason.SensitiveTopic, "legal", EscalationPriority.Normal)));
            Assert.That((await PublishedFor<ReplyClassified>(si, m => m.InboundMessageId)).Single().Action, Is.EqualTo("confirm_appointment"));
        });
    }

    [TestCase("one", "pay_now")]
    [TestCase("Option 2.", "payment_plan")]
    [TestCase("#1", "pay_now")]
    public async Task A_numbered_reply_in_words_or_with_decoration_is_classified(string text, string action)
    {
        await SendPromptAsync(new SmsPrompt { SessionType = "payment_reminder", Options = PaymentOptions }, PaymentNumber);

        var reply = await ReplyAsync(text, PaymentNumber);

        Assert.That((await PublishedFor<ReplyClassified>(reply, m => m.InboundMessageId)).Single().Action, Is.EqualTo(action));
    }

    [Test]
    public async Task A_typo_of_a_synonym_is_classified()
    {
        await SendPromptAsync(AppointmentPrompt());

        var reply = await ReplyAsync("confrim");

        Assert.That((await PublishedFor<ReplyClassified>(reply, m => m.InboundMessageId)).Single().MatchedOption, Is.EqualTo("YES"));
    }
}
