using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;
using Sms.Router.Extensions;
using Sms.Router.Replies;
using Sms.Router.Sessions;
using Sms.ServiceDefaults.Messaging;
using static Sms.Router.Tests.Support.Build;

namespace Sms.Router.Tests.Replies;

public class ReplyDeciderTests
{
    private const string Customer = "+15559990001";
    private static readonly DateTimeOffset Now = T0.AddHours(1);

    private static ReplyDecider Decider()
    {
        var normalizer = new ReplyNormalizer();
        return new ReplyDecider(normalizer, new SessionResolver(normalizer));
    }

    [Test]
    public void A_matching_reply_is_classified_with_the_options_auto_response()
    {
        var session = Session(AppointmentOptions, AppointmentNumber, T0);

        var decision = Decider().Decide(Inbound(Customer, "Yes!", receivedAt: Now), [session], Now);

        Assert.That(decision, Is.TypeOf<ClassifyReply>());
        var classified = (ClassifyReply)decision;
        Assert.Multiple(() =>
        {
            Assert.That(classified.Match.Session, Is.SameAs(session));
            Assert.That(classified.Match.Action, Is.EqualTo("confirm_appointment"));
            Assert.That(classified.AutoResponse, Is.EqualTo("See you then."));
            Assert.That(classified.ClassifiedAt, Is.EqualTo(Now));
        });
    }

    [Test]
    public void An_option_without_auto_response_is_classified_without_one()
    {
        var decision = Decider().Decide(Inbound(Customer, "no", receivedAt: Now), [Session(AppointmentOptions)], Now);

        Assert.That(((ClassifyReply)decision).AutoResponse, Is.Null);
    }

    [TestCase("Can I bring my dog?")]
    [TestCase("3")]
    [TestCase("")]
    public void A_reply_while_no_session_waits_on_that_number_is_acknowledged_and_escalated(string text)
    {
        var onAnotherNumber = Session(AppointmentOptions, PaymentNumber, T0);

        var decision = Decider().Decide(Inbound(Customer, text, to: AppointmentNumber, receivedAt: Now), [onAnotherNumber], Now);

        Assert.That(decision, Is.EqualTo(new EscalateReply(
            EscalationReason.NoMatchingSession, EscalationPriority.Normal, Now)));
    }

    [TestCase("3")]
    [TestCase("maybe")]
    [TestCase("")]
    [TestCase("Can I bring my dog?")]
    public void A_reply_not_understood_inside_a_session_is_asked_again_with_its_options(string text)
    {
        var session = Session(AppointmentOptions, AppointmentNumber, T0);

        var decision = Decider().Decide(Inbound(Customer, text, receivedAt: Now), [session], Now);

        Assert.That(decision, Is.EqualTo(new ClarifyReply(session, "Sorry, we didn't recognize that. Reply YES or NO.", Now)));
    }

    [Test]
    public void A_reply_that_does_not_answer_a_survey_the_customer_may_ignore_is_not_asked_again_but_handed_on()
    {
        var survey = Session(new Dictionary<string, string> { ["1"] = "csat_1", ["5"] = "csat_5" }, AppointmentNumber, T0, sessionType: "csat") with { ClarifyUnrecognised = false };

        var decision = Decider().Decide(Inbound(Customer, "One more question about my order", receivedAt: Now), [survey], Now);

        Assert.That(decision, Is.EqualTo(new EscalateReply(EscalationReason.NoMatchingSession, EscalationPriority.Normal, Now)));
    }

    [Test]
    public void The_clarification_comes_from_the_most_recent_session_on_the_number_replied_to()
    {
        var older = Session(AppointmentOptions, AppointmentNumber, T0);
        var newer = Session(PaymentOptions, AppointmentNumber, T0.AddMinutes(10), sessionType: "payment_reminder");
        var elsewhere = Session(new Dictionary<string, string> { ["A"] = "a" }, PaymentNumber, T0.AddMinutes(20));

        var decision = Decider().Decide(Inbound(Customer, "what?", receivedAt: Now), [older, newer, elsewhere], Now);

        Assert.That(decision, Is.EqualTo(new ClarifyReply(newer, "Sorry, we didn't recognize that. Reply 1 or 2.", Now)));
    }

    [Test]
    public void An_expired_session_asks_nothing_again()
    {
        var expired = Session(AppointmentOptions, AppointmentNumber, T0, TimeSpan.FromMinutes(30));

        Assert.That(Decider().Decide(Inbound(Customer, "what?", receivedAt: Now), [expired], Now),
            Is.TypeOf<EscalateReply>().With.Property(nameof(EscalateReply.Reason)).EqualTo(EscalationReason.NoMatchingSession));
    }

    [TestCase(1, true)]
    [TestCase(2, true)]
    [TestCase(3, false)]
    [TestCase(7, false)]
    public void A_session_asks_again_twice_then_hands_over_to_a_person(int attempt, bool asksAgain)
    {
        var session = Session(AppointmentOptions, AppointmentNumber, T0);
        var clarify = new ClarifyReply(session, "Reply YES or NO.", Now);

        var decision = Decider().AfterClarifications(clarify, attempt);

        if (asksAgain) Assert.That(decision, Is.SameAs(clarify));
        else Assert.That(decision, Is.EqualTo(new EscalateReply(
            EscalationReason.AutomationFailed, EscalationPriority.Normal, Now, session.Id)));
    }

    [Test]
    public void The_number_of_clarifications_is_configurable()
    {
        var normalizer = new ReplyNormalizer();
        var none = new ReplyDecider(normalizer, new SessionResolver(normalizer), maxClarifications: 0);
        var clarify = new ClarifyReply(Session(AppointmentOptions), "Reply YES or NO.", Now);

        Assert.That(none.AfterClarifications(clarify, 1), Is.TypeOf<EscalateReply>());
    }

    [Test]
    public void The_clarification_text_is_configurable()
    {
        var normalizer = new ReplyNormalizer();
        var decider = new ReplyDecider(normalizer, new SessionResolver(normalizer), clarification: "Please answer {options}!");

        Assert.That(decider.ClarificationFor(Session(PaymentOptions)), Is.EqualTo("Please answer 1 or 2!"));
    }

    [TestCase(new[] { "YES" }, "YES")]
    [TestCase(new[] { "YES", "NO" }, "YES or NO")]
    [TestCase(new[] { "1", "2", "3" }, "1, 2 or 3")]
    [TestCase(new[] { "1", "YES", "2", "NO" }, "1, YES, 2 or NO")]
    [TestCase(new[] { " Yes ", "yes", "No" }, "Yes or No")]
    public void The_options_are_listed_as_the_prompt_wrote_them(string[] options, string expected)
    {
        var session = Session(options.Select((o, i) => (o, i)).ToDictionary(x => x.o, x => $"action_{x.i}"));

        Assert.That(ReplyDecider.OptionList(session), Is.EqualTo(expected));
    }

    [TestCase("Can you call me instead?", EscalationReason.HumanRequested, EscalationPriority.High, null)]
    [TestCase("I want to speak to someone", EscalationReason.HumanRequested, EscalationPriority.High, null)]
    [TestCase("AGENT", EscalationReason.HumanRequested, EscalationPriority.High, null)]
    [TestCase("This is unacceptable", EscalationReason.NegativeSentiment, EscalationPriority.High, null)]
    [TestCase("I was charged twice", EscalationReason.SensitiveTopic, EscalationPriority.High, "billing")]
    [TestCase("someone used my card, fraud!", EscalationReason.SensitiveTopic, EscalationPriority.Urgent, "fraud")]
    [TestCase("I think my account was hacked", EscalationReason.SensitiveTopic, EscalationPriority.Urgent, "security")]
    public void A_reply_that_needs_a_person_is_escalated_even_inside_a_session(string text, EscalationReason reason, EscalationPriority priority, string? topic)
    {
        var decision = Decider().Decide(Inbound(Customer, text, receivedAt: Now), [Session(AppointmentOptions)], Now);

        Assert.That(decision, Is.EqualTo(new EscalateReply(reason, priority, Now, Topic: topic)));
    }

    [Test]
    public void A_reply_that_answers_the_session_is_classified_before_any_trigger()
    {
        var session = Session(new Dictionary<string, string> { ["AGENT"] = "talk_to_agent", ["BILLING"] = "billing_menu" });

        var decision = Decider().Decide(Inbound(Customer, "billing", receivedAt: Now), [session], Now);

        Assert.That(((ClassifyReply)decision).Match.Action, Is.EqualTo("billing_menu"));
    }

    [Test]
    public void While_people_own_the_conversation_an_exact_answer_is_classified_without_its_auto_response()
    {
        var session = Session(AppointmentOptions, AppointmentNumber, T0);

        var decision = (ClassifyReply)Decider().Decide(Inbound(Customer, "Yes!", receivedAt: Now), [session], Now, peopleOwn: true);

        Assert.Multiple(() =>
        {
            Assert.That(decision.Match.Action, Is.EqualTo("confirm_appointment"));
            Assert.That(decision.PeopleOwn, Is.True);
            Assert.That(decision.AutoResponse, Is.Null);
            Assert.That(ReplyMessages.AutoResponse(Inbound(Customer, "Yes!"), decision), Is.Null);
        });
    }

    [TestCase("Sure, it's 88123")]
    [TestCase("thanks")]
    [TestCase("I want to speak to a manager, this is ridiculous")]
    [TestCase("my card was stolen")]
    [TestCase("maybe later")]
    public void While_people_own_the_conversation_anything_else_is_left_to_them(string text)
    {
        var session = Session(AppointmentOptions, AppointmentNumber, T0);

        var decision = Decider().Decide(Inbound(Customer, text, receivedAt: Now), [session], Now, peopleOwn: true);

        Assert.That(decision, Is.EqualTo(new LeaveToPeople(Now)));
    }

    [Test]
    public void While_people_own_the_conversation_free_text_is_not_taken_by_a_sessions_any_reply_option()
    {
        var session = Session(new Dictionary<string, string> { ["*"] = "comment" }, AppointmentNumber, T0);

        Assert.Multiple(() =>
        {
            Assert.That(Decider().Decide(Inbound(Customer, "it was fine", receivedAt: Now), [session], Now), Is.TypeOf<ClassifyReply>());
            Assert.That(Decider().Decide(Inbound(Customer, "it was fine", receivedAt: Now), [session], Now, peopleOwn: true), Is.TypeOf<LeaveToPeople>());
        });
    }

    [Test]
    public void A_reply_that_arrived_in_time_still_matches_when_handled_after_the_expiry()
    {
        var session = Session(AppointmentOptions, AppointmentNumber, T0, TimeSpan.FromHours(1));
        var arrived = session.ExpiresAt.AddSeconds(-5);

        var decision = Decider().Decide(Inbound(Customer, "yes", receivedAt: arrived), [session], session.ExpiresAt.AddSeconds(30));

        Assert.That(decision, Is.TypeOf<ClassifyReply>());
    }

    [Test]
    public void A_reply_that_arrived_after_the_expiry_does_not_match()
    {
        var session = Session(AppointmentOptions, AppointmentNumber, T0, TimeSpan.FromHours(1));

        var decision = Decider().Decide(Inbound(Customer, "yes", receivedAt: session.ExpiresAt), [session], session.ExpiresAt.AddSeconds(1));

        Assert.That(decision, Is.TypeOf<EscalateReply>());
    }

    [Test]
    public void A_reply_stamped_in_the_future_is_judged_now()
    {
        var session = Session(AppointmentOptions, AppointmentNumber, T0, TimeSpan.FromHours(1));
        var stampedTomorrow = session.ExpiresAt.AddDays(1);

        Assert.Multiple(() =>
        {
            Assert.That(Decider().Decide(Inbound(Customer, "yes", receivedAt: stampedTomorrow), [session], session.ExpiresAt.AddSeconds(-1)),
                Is.TypeOf<ClassifyReply>(), "handled while the session is open");
            Assert.That(Decider().Decide(Inbound(Customer, "yes", receivedAt: stampedTomorrow), [session], session.ExpiresAt.AddSeconds(1)),
                Is.TypeOf<EscalateReply>(), "handled after the expiry");
        });
    }

    [TestCase("")]
    [TestCase("maybe")]
    public void A_picture_that_answers_no_session_goes_to_people_and_is_not_asked_again(string text)
    {
        var session = Session(AppointmentOptions, AppointmentNumber, T0);
        var picture = Inbound(Customer, text, receivedAt: Now) with
        {
            Media = [new Sms.Contracts.Inbound.InboundMedia { Url = "https://carrier.example/m/1", ContentType = "image/png", Provider = "twilio" }],
        };

        var decision = Decider().Decide(picture, [session], Now);

        Assert.That(decision, Is.EqualTo(new EscalateReply(EscalationReason.NoMatchingSession, EscalationPriority.Normal, Now)));
    }

    [Test]
    public void A_picture_whose_caption_answers_the_prompt_is_classified()
    {
        var session = Session(AppointmentOptions, AppointmentNumber, T0);
        var picture = Inbound(Customer, "YES", receivedAt: Now) with
        {
            Media = [new Sms.Contracts.Inbound.InboundMedia { Url = "https://carrier.example/m/1", Provider = "vonage" }],
        };

        Assert.That(Decider().Decide(picture, [session], Now), Is.TypeOf<ClassifyReply>());
    }
}

public class ReplyMessagesTests
{
    private const string Customer = "+15559990001";
    private static readonly DateTimeOffset Now = T0.AddHours(1);

    [Test]
    public void The_classification_names_the_prompt_the_option_the_action_and_the_context()
    {
        var inbound = Inbound(Customer, "yes", to: AppointmentNumber);
        var session = Session(AppointmentOptions, AppointmentNumber, T0);
        var decision = new ClassifyReply(new SessionMatch(session, "YES", "confirm_appointment", MatchStrength.Exact, Ambiguous: true), "See you then.", Now);

        var classified = ReplyMessages.Classified(inbound, decision);

        Assert.Multiple(() =>
        {
            Assert.That(classified.InboundMessageId, Is.EqualTo(inbound.MessageId));
            Assert.That(classified.CustomerNumber, Is.EqualTo(Customer));
            Assert.That(classified.BusinessNumber, Is.EqualTo(AppointmentNumber));
            Assert.That(classified.PromptMessageId, Is.EqualTo(session.Id));
            Assert.That(classified.SessionType, Is.EqualTo("appointment_reminder"));
            Assert.That(classified.MatchedOption, Is.EqualTo("YES"));
            Assert.That(classified.Action, Is.EqualTo("confirm_appointment"));
            Assert.That(classified.Context["appointment_id"], Is.EqualTo("appt-42"));
            Assert.That(classified.CampaignId, Is.EqualTo("campaign-1"));
            Assert.That(classified.Ambiguous, Is.True);
            Assert.That(classified.ClassifiedAt, Is.EqualTo(Now));
        });
    }

    [Test]
    public void The_auto_response_goes_from_the_number_replied_to_with_an_id_derived_from_the_reply()
    {
        var inbound = Inbound(Customer, "1", to: PaymentNumber);
        var session = Session(PaymentOptions, AppointmentNumber, T0);
        var decision = new ClassifyReply(new SessionMatch(session, "1", "pay_now", MatchStrength.Exact, false), "Thanks, paying now.", Now);

        var send = ReplyMessages.AutoResponse(inbound, decision);

        Assert.That(send, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(send!.MessageId, Is.EqualTo(MessageIds.Derive(inbound.MessageId, "auto-response")));
            Assert.That(send.To, Is.EqualTo(Customer));
            Assert.That(send.From, Is.EqualTo(PaymentNumber));
            Assert.That(send.Text, Is.EqualTo("Thanks, paying now."));
            Assert.That(send.Category, Is.EqualTo(SmsCategory.Conversational));
            Assert.That(send.Origin, Is.EqualTo(SmsOrigin.Automation));
            Assert.That(send.InReplyTo, Is.EqualTo(inbound.MessageId));
            Assert.That(send.Prompt, Is.Null);
        });
    }

    [Test]
    public void No_auto_response_no_send()
    {
        var decision = new ClassifyReply(new SessionMatch(Session(PaymentOptions), "1", "pay_now", MatchStrength.Exact, false), null, Now);

        Assert.That(ReplyMessages.AutoResponse(Inbound(Customer, "1"), decision), Is.Null);
    }

    [Test]
    public void The_escalation_answers_the_reply()
    {
        var inbound = Inbound(Customer, "Can you call me?", to: AppointmentNumber);
        var decision = new EscalateReply(EscalationReason.NoMatchingSession, EscalationPriority.Normal, Now);

        var escalated = ReplyMessages.Escalated(inbound, decision);

        Assert.Multiple(() =>
        {
            Assert.That(escalated.InboundMessageId, Is.EqualTo(inbound.MessageId));
            Assert.That(escalated.CustomerNumber, Is.EqualTo(Customer));
            Assert.That(escalated.BusinessNumber, Is.EqualTo(AppointmentNumber));
            Assert.That(escalated.Reason, Is.EqualTo(EscalationReason.NoMatchingSession));
            Assert.That(escalated.Priority, Is.EqualTo(EscalationPriority.Normal));
            Assert.That(escalated.EscalatedAt, Is.EqualTo(Now));
        });
    }

    [Test]
    public void The_clarification_answers_the_reply_from_the_number_replied_to()
    {
        var inbound = Inbound(Customer, "maybe", to: AppointmentNumber);
        var decision = new ClarifyReply(Session(AppointmentOptions), "Sorry, we didn't recognize that. Reply YES or NO.", Now);

        var send = ReplyMessages.Clarification(inbound, decision);

        Assert.Multiple(() =>
        {
            Assert.That(send.MessageId, Is.EqualTo(MessageIds.Derive(inbound.MessageId, "clarification")));
            Assert.That(send.Text, Is.EqualTo("Sorry, we didn't recognize that. Reply YES or NO."));
            Assert.That(send.To, Is.EqualTo(Customer));
            Assert.That(send.From, Is.EqualTo(AppointmentNumber));
            Assert.That(send.Category, Is.EqualTo(SmsCategory.Conversational));
            Assert.That(send.Origin, Is.EqualTo(SmsOrigin.Automation));
            Assert.That(send.InReplyTo, Is.EqualTo(inbound.MessageId));
            Assert.That(send.Prompt, Is.Null, "the session asking stays the one open");
        });
    }

    [Test]
    public void The_escalation_names_the_session_given_up_on_and_the_topic_but_never_the_text()
    {
        var inbound = Inbound(Customer, "I was charged twice", to: AppointmentNumber);
        var promptId = Guid.NewGuid();

        var escalated = ReplyMessages.Escalated(inbound, new EscalateReply(
            EscalationReason.SensitiveTopic, EscalationPriority.High, Now, promptId, "billing"));

        Assert.Multiple(() =>
        {
            Assert.That(escalated.PromptMessageId, Is.EqualTo(promptId));
            Assert.That(escalated.Topic, Is.EqualTo("billing"));
            Assert.That(escalated.GetType().GetProperties().Select(p => p.Name), Has.None.Contains("Text"));
        });
    }
}
