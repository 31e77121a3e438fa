using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;
using Sms.Router.Flows;
using Sms.Router.Replies;
using Sms.Router.Tests.Support;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Router.Tests.Flows;

/// <summary>
/// The three example flows in the router's <c>appsettings.json</c>, end to end within the router (test harness, real
/// Redis): every branch, the no-reply timeouts included.
/// </summary>
public class ShippedFlowTests : FlowFixture
{
    private const string Feedback = "post_purchase_feedback";
    private const string Quiz = "product_quiz";
    private const string Welcome = "welcome_preferences";

    private async Task<IReadOnlyList<Sms.Router.Sessions.ConversationSession>> OpenSessionsAsync() =>
        (await Store.LoadAsync(CustomerNumber, CancellationToken.None)).Where(s => s.IsOpenAt(Clock.GetUtcNow())).ToList();

    [Test]
    public async Task Starting_the_feedback_flow_asks_for_a_rating_with_the_callers_context()
    {
        var runId = Guid.NewGuid();

        var prompt = await Customer.StartAsync(Feedback, runId);

        Assert.Multiple(() =>
        {
            Assert.That(prompt.MessageId, Is.EqualTo(MessageIds.Derive(runId, FlowEngine.StartPurpose)));
            Assert.That(prompt.Text, Is.EqualTo("How was your order? Reply 1-5 (5 = excellent)."));
            Assert.That(prompt.To, Is.EqualTo(CustomerNumber));
            Assert.That(prompt.From, Is.EqualTo(FlowConversation.BusinessNumber));
            Assert.That(prompt.Category, Is.EqualTo(SmsCategory.Transactional));
            Assert.That(prompt.Origin, Is.EqualTo(SmsOrigin.Automation));
            Assert.That(prompt.CampaignId, Is.EqualTo("spring-2025"));
            Assert.That(prompt.Prompt!.SessionType, Is.EqualTo("post_purchase_feedback.rating"));
            Assert.That(prompt.Prompt.Options.Keys, Is.EquivalentTo(new[] { "1", "2", "3", "4", "5" }));
            Assert.That(prompt.Prompt.TimeToLive, Is.EqualTo(TimeSpan.FromHours(24)));
            Assert.That(prompt.Prompt.Context, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["order_id"] = "ORD-7",
                ["flow_name"] = Feedback,
                ["flow_step"] = "rating",
                ["flow_run_id"] = runId.ToString("D"),
            }));
        });
    }

    [TestCase("4")]
    [TestCase("5")]
    [TestCase("five!")]
    public async Task A_rating_of_4_or_5_is_thanked_with_the_review_link_and_completes_the_flow(string rating)
    {
        var prompt = await Customer.StartAsync(Feedback);

        var reply = await Customer.ReplyAsync(rating);

        var classified = reply.Classified.Single();
        var change = reply.ProfileChange;
        Assert.Multiple(() =>
        {
            Assert.That(classified.Action, Is.EqualTo("feedback_positive"));
            Assert.That(classified.PromptMessageId, Is.EqualTo(prompt.MessageId));
            Assert.That(classified.SessionType, Is.EqualTo("post_purchase_feedback.rating"));
            Assert.That(classified.Context["order_id"], Is.EqualTo("ORD-7"));
            Assert.That(reply.Send.Text, Does.Contain("https://example.com/review"));
            Assert.That(reply.Send.MessageId, Is.EqualTo(MessageIds.Derive(reply.MessageId, ReplyMessages.AutoResponsePurpose)));
            Assert.That(reply.Send.Prompt, Is.Null, "the flow is over");
            Assert.That(reply.Send.From, Is.EqualTo(FlowConversation.BusinessNumber));
            Assert.That(reply.Escalations, Is.Empty);
            Assert.That(change.AddLabels, Is.EqualTo(new[] { "feedback:positive" }));
            Assert.That(change.EngagementPoints, Is.EqualTo(8 + 15), "a reply and a completed flow");
            Assert.That(change.Reasons, Is.EqualTo(new[] { "reply", "flow_step:post_purchase_feedback.rating", "flow_completed:post_purchase_feedback" }));
            Assert.That(change.ChangeId, Is.EqualTo(MessageIds.Derive(reply.MessageId, "contact-profile")));
        });
        Assert.That(await OpenSessionsAsync(), Is.Empty);
    }

    [Test]
    public async Task A_rating_of_3_asks_for_comments_then_thanks_for_them_and_labels_the_contact()
    {
        await Customer.StartAsync(Feedback);

        var three = await Customer.ReplyAsync("3");
        var comment = await Customer.ReplyAsync("The delivery took a week longer than promised");

        Assert.Multiple(() =>
        {
            Assert.That(three.Classified.Single().Action, Is.EqualTo("feedback_neutral"));
            Assert.That(three.Send.Text, Is.EqualTo("Thanks. What could we have done better? Reply with your comments."));
            Assert.That(three.Send.MessageId, Is.EqualTo(MessageIds.Derive(three.MessageId, FlowEngine.StepPurpose)));
            Assert.That(three.Send.Prompt!.SessionType, Is.EqualTo("post_purchase_feedback.comments"));
            Assert.That(three.Send.Prompt.Context["flow_labels"], Is.EqualTo("feedback:neutral"));
            Assert.That(three.Send.Prompt.Context["order_id"], Is.EqualTo("ORD-7"));
            Assert.That(three.ProfileChange.AddLabels, Is.EqualTo(new[] { "feedback:neutral" }));
            Assert.That(three.ProfileChange.EngagementPoints, Is.EqualTo(8), "a reply; the flow goes on");

            Assert.That(comment.Classified.Single().Action, Is.EqualTo("feedback_comment"));
            Assert.That(comment.Classified.Single().MatchedOption, Is.EqualTo("*"));
            Assert.That(comment.Send.Text, Is.EqualTo("Thank you for your comments. We read every one."));
            Assert.That(comment.Send.Prompt, Is.Null);
            Assert.That(comment.Escalations, Is.Empty);
            Assert.That(comment.ProfileChange.AddLabels, Is.EqualTo(new[] { "feedback:commented" }));
            Assert.That(comment.ProfileChange.EngagementPoints, Is.EqualTo(8 + 15));
        });
        Assert.That(await OpenSessionsAsync(), Is.Empty);
    }

    [Test]
    public async Task A_comment_that_needs_a_person_is_escalated_rather_than_filed()
    {
        await Customer.StartAsync(Feedback);
        await Customer.ReplyAsync("3");

        var comment = await Customer.ReplyAsync("I was charged twice for this order");

        Assert.Multiple(() =>
        {
            Assert.That(comment.Classified, Is.Empty);
            Assert.That(comment.Escalations.Single().Reason, Is.EqualTo(EscalationReason.SensitiveTopic));
            Assert.That(comment.Sends, Is.Empty, "Conversations tells the customer");
        });
    }

    [TestCase("1")]
    [TestCase("2")]
    public async Task A_rating_of_1_or_2_apologises_and_escalates_with_high_priority(string rating)
    {
        var prompt = await Customer.StartAsync(Feedback);

        var reply = await Customer.ReplyAsync(rating);

        var escalated = reply.Escalations.Single();
        Assert.Multiple(() =>
        {
            Assert.That(reply.Classified.Single().Action, Is.EqualTo("feedback_negative"));
            Assert.That(reply.Send.Text, Does.StartWith("We're sorry your order let you down."));
            Assert.That(escalated.Reason, Is.EqualTo(EscalationReason.FlowOutcome));
            Assert.That(escalated.Priority, Is.EqualTo(EscalationPriority.High));
            Assert.That(escalated.PromptMessageId, Is.EqualTo(prompt.MessageId));
            Assert.That(escalated.CustomerNumber, Is.EqualTo(CustomerNumber));
            Assert.That(escalated.BusinessNumber, Is.EqualTo(FlowConversation.BusinessNumber));
            Assert.That(reply.ProfileChange.AddLabels, Is.EqualTo(new[] { "feedback:negative" }));
        });
    }

    [Test]
    public async Task No_rating_while_a_person_owns_the_conversation_sends_no_reminder()
    {
        await Customer.StartAsync(Feedback);
        await Router.DeliverAsync(new Sms.Contracts.Conversations.ConversationOwnerChanged
        {
            ConversationId = Guid.NewGuid(),
            CustomerNumber = CustomerNumber,
            BusinessNumber = FlowConversation.BusinessNumber,
            Owner = Sms.Contracts.Conversations.ConversationOwner.People,
            Reason = Sms.Contracts.Conversations.OwnerChangeReason.AgentReplied,
            Team = "support",
            Agent = "sam",
            Version = 1,
            ChangedAt = Clock.GetUtcNow(),
        }, m => m.CustomerNumber == CustomerNumber);

        Assert.That(await Customer.NoReplyAsync(), Is.Empty, "the automation does not talk over the agent");
    }

    [Test]
    public async Task No_rating_in_24_hours_sends_one_reminder_and_then_the_flow_ends()
    {
        await Customer.StartAsync(Feedback);

        var reminder = await Customer.NoReplyAsync();
        var reminderPrompt = reminder.DistinctBy(s => s.MessageId).Single();
        var afterReminder = await Customer.NoReplyAsync();

        Assert.Multiple(() =>
        {
            Assert.That(reminderPrompt.Text, Is.EqualTo("A quick reminder: how was your order? Reply 1-5 (5 = excellent)."));
            Assert.That(reminderPrompt.Prompt!.SessionType, Is.EqualTo("post_purchase_feedback.reminder"));
            Assert.That(reminderPrompt.Prompt.Context["order_id"], Is.EqualTo("ORD-7"));
            Assert.That(reminderPrompt.Category, Is.EqualTo(SmsCategory.Transactional));
            Assert.That(reminderPrompt.From, Is.EqualTo(FlowConversation.BusinessNumber));
            Assert.That(reminderPrompt.InReplyTo, Is.Null);
            Assert.That(afterReminder, Is.Empty, "one reminder only");
        });
    }

    [Test]
    public async Task A_rating_after_the_reminder_is_handled_like_one_in_time()
    {
        await Customer.StartAsync(Feedback);
        await Customer.NoReplyAsync();

        var reply = await Customer.ReplyAsync("5");

        Assert.Multiple(() =>
        {
            Assert.That(reply.Classified.Single().SessionType, Is.EqualTo("post_purchase_feedback.reminder"));
            Assert.That(reply.Send.Text, Does.Contain("https://example.com/review"));
            Assert.That(reply.ProfileChange.Reasons, Does.Contain("flow_completed:post_purchase_feedback"));
        });
    }

    [Test]
    public async Task Comments_never_sent_end_the_flow_quietly()
    {
        await Customer.StartAsync(Feedback);
        await Customer.ReplyAsync("3");

        Assert.That(await Customer.NoReplyAsync(), Is.Empty);
    }

    [TestCase("B", "A", "C", "TrailGrip 3")]
    [TestCase("A", "C", "A", "CloudRun Max")]
    [TestCase("C", "A", "B", "Tempo Racer")]
    [TestCase("A", "B", "C", "Daily Trainer")]
    [TestCase("A", "B", "A", "Everyday Runner")]
    [TestCase("c", "c", "b", "Tempo Racer")]
    public async Task The_quiz_asks_three_questions_and_recommends_by_the_answers(string terrain, string distance, string priority, string recommended)
    {
        var first = await Customer.StartAsync(Quiz);

        var one = await Customer.ReplyAsync(terrain);
        var two = await Customer.ReplyAsync(distance);
        var three = await Customer.ReplyAsync(priority);

        var labels = one.ProfileChange.AddLabels.Concat(two.ProfileChange.AddLabels).Concat(three.ProfileChange.AddLabels).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(first.Text, Does.StartWith("Find your perfect running shoe in 3 questions! 1/3"));
            Assert.That(first.Category, Is.EqualTo(SmsCategory.Marketing));
            Assert.That(one.Send.Text, Does.StartWith("2/3"));
            Assert.That(two.Send.Text, Does.StartWith("3/3"));
            Assert.That(two.Send.Prompt!.Context["flow_labels"].Split(','), Has.Length.EqualTo(2));
            Assert.That(three.Send.Text, Does.StartWith("Your match: the " + recommended));
            Assert.That(three.Send.Prompt, Is.Null);
            Assert.That(labels, Has.Count.EqualTo(3));
            Assert.That(labels, Has.All.StartWith("quiz:"));
            Assert.That(three.Classified.Single().Action, Does.StartWith("quiz_priority_"));
            Assert.That(new[] { one, two }.Select(r => r.ProfileChange.EngagementPoints), Is.EqualTo(new[] { 8, 8 }));
            Assert.That(three.ProfileChange.EngagementPoints, Is.EqualTo(8 + 15));
        });
        Assert.That(await OpenSessionsAsync(), Is.Empty);
    }

    [Test]
    public async Task A_quiz_answer_not_understood_is_asked_again_and_the_quiz_goes_on()
    {
        await Customer.StartAsync(Quiz);

        var unclear = await Customer.ReplyAsync("the beach");
        var answer = await Customer.ReplyAsync("b");

        Assert.Multiple(() =>
        {
            Assert.That(unclear.Send.Text, Is.EqualTo("Sorry, we didn't recognize that. Reply A, B or C."));
            Assert.That(unclear.Classified, Is.Empty);
            Assert.That(unclear.ProfileChanges, Is.Empty, "no reply points for a message that answered nothing");
            Assert.That(answer.Classified.Single().Action, Is.EqualTo("quiz_terrain_trail"));
            Assert.That(answer.Send.Text, Does.StartWith("2/3"));
        });
    }

    [Test]
    public async Task A_quiz_left_unanswered_for_24_hours_gets_the_general_pick_and_ends()
    {
        await Customer.StartAsync(Quiz);
        await Customer.ReplyAsync("B");

        var sends = await Customer.NoReplyAsync();

        var pick = sends.DistinctBy(s => s.MessageId).Single();
        Assert.Multiple(() =>
        {
            Assert.That(pick.Text, Does.StartWith("No time to finish the quiz? Our pick for most runners is the Everyday Runner."));
            Assert.That(pick.Prompt, Is.Null, "the quiz ends");
            Assert.That(pick.Category, Is.EqualTo(SmsCategory.Marketing));
        });
        Assert.That(await OpenSessionsAsync(), Is.Empty, "nothing waits any more");
    }

    [TestCase("A", "interest:a", "new arrivals")]
    [TestCase("b", "interest:b", "offers and sales")]
    [TestCase("C.", "interest:c", "style tips")]
    public async Task A_welcome_answer_labels_the_contacts_interest(string answer, string label, string confirmation)
    {
        var prompt = await Customer.StartAsync(Welcome);

        var reply = await Customer.ReplyAsync(answer);

        Assert.Multiple(() =>
        {
            Assert.That(prompt.Text, Does.Contain("Reply A for new arrivals, B for offers and sales, C for style tips"));
            Assert.That(reply.ProfileChange.AddLabels, Is.EqualTo(new[] { label }));
            Assert.That(reply.ProfileChange.EngagementPoints, Is.EqualTo(8 + 15));
            Assert.That(reply.Send.Text, Does.Contain(confirmation));
            Assert.That(reply.Send.Category, Is.EqualTo(SmsCategory.Conversational), "an answer to the customer");
        });
    }

    [Test]
    public async Task No_welcome_answer_in_24_hours_gets_the_generic_fallback()
    {
        await Customer.StartAsync(Welcome);

        var sends = await Customer.NoReplyAsync();

        var fallback = sends.DistinctBy(s => s.MessageId).Single();
        Assert.Multiple(() =>
        {
            Assert.That(fallback.Text, Is.EqualTo("Thanks for joining us! We'll keep you posted on new arrivals, offers and style tips."));
            Assert.That(fallback.Prompt, Is.Null);
            Assert.That(fallback.Category, Is.EqualTo(SmsCategory.Marketing));
            Assert.That(fallback.To, Is.EqualTo(CustomerNumber));
        });
        Assert.That(await OpenSessionsAsync(), Is.Empty);
    }
}
