using System.ComponentModel.DataAnnotations;
using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;
using Sms.Router.Flows;
using Sms.Router.Tests.Support;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Router.Tests.Flows;

/// <summary>
/// A run of a flow through the router's failures: restarts mid-flow, redelivered commands, replies and expiries, bad
/// commands; and the engagement points it reports, with configured weights.
/// </summary>
public class FlowRunTests : FlowFixture
{
    [Test]
    public async Task A_router_restarted_at_every_step_runs_the_quiz_to_the_end()
    {
        await Customer.StartAsync("product_quiz");
        await RestartAsync();
        var one = await Customer.ReplyAsync("B");
        await RestartAsync();
        var two = await Customer.ReplyAsync("C");
        await RestartAsync();
        var three = await Customer.ReplyAsync("A");

        Assert.Multiple(() =>
        {
            Assert.That(one.Send.Text, Does.StartWith("2/3"));
            Assert.That(two.Send.Text, Does.StartWith("3/3"));
            Assert.That(three.Send.Text, Does.StartWith("Your match: the TrailGrip 3"), "the first answer, given two restarts before, still counts");
            Assert.That(three.Classified.Single().Context["order_id"], Is.EqualTo("ORD-7"));
        });
    }

    [Test]
    public async Task A_step_waiting_across_a_restart_still_takes_its_timeout_branch()
    {
        await Customer.StartAsync("post_purchase_feedback");
        await RestartAsync();

        var reminder = (await Customer.NoReplyAsync()).DistinctBy(s => s.MessageId).Single();
        await RestartAsync();
        var reply = await Customer.ReplyAsync("3");

        Assert.Multiple(() =>
        {
            Assert.That(reminder.Prompt!.SessionType, Is.EqualTo("post_purchase_feedback.reminder"));
            Assert.That(reply.Send.Prompt!.SessionType, Is.EqualTo("post_purchase_feedback.comments"));
        });
    }

    [Test]
    public async Task A_redelivered_reply_moves_the_flow_on_once()
    {
        await Customer.StartAsync("product_quiz");
        var first = await Customer.ReplyAsync("A");
        await RestartAsync();

        var again = await Customer.ReplyAsync("A", messageId: first.MessageId);
        var next = await Customer.ReplyAsync("B");

        var sessions = await Store.LoadAsync(CustomerNumber, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(again.Sends.Select(s => s.MessageId).Distinct(), Is.EqualTo(new[] { first.Send.MessageId }), "the same next prompt, sent once");
            Assert.That(again.ProfileChanges.Select(c => c.ChangeId).Distinct(), Is.EqualTo(new[] { first.ProfileChange.ChangeId }), "counted once by the inbox");
            Assert.That(next.Classified.Single().SessionType, Is.EqualTo("product_quiz.distance"));
            Assert.That(next.Send.Text, Does.StartWith("3/3"), "the quiz is at question 3, not further");
            Assert.That(sessions.Select(s => s.SessionType), Is.EqualTo(new[] { "product_quiz.priority" }), "one step open");
        });
    }

    [Test]
    public async Task A_redelivered_expiry_sends_the_timeout_branch_once()
    {
        var prompt = await Customer.StartAsync("welcome_preferences");
        var fallback = (await Customer.NoReplyAsync()).DistinctBy(s => s.MessageId).Single();
        var expired = (await Router.PublishedAsync<SessionExpired>(m => m.SessionId == prompt.MessageId)).Single();

        await Router.DeliverAsync(expired, m => m.SessionId == prompt.MessageId);

        var sends = await Router.PublishedAsync<SendSms>(m => m.To == CustomerNumber && m.MessageId != prompt.MessageId);
        Assert.That(sends.Select(s => s.MessageId).Distinct(), Is.EqualTo(new[] { fallback.MessageId }));
    }

    [Test]
    public async Task A_repeated_start_command_sends_the_first_prompt_once()
    {
        var runId = Guid.NewGuid();
        var first = await Customer.StartAsync("welcome_preferences", runId);

        var second = await Customer.StartAsync("welcome_preferences", runId);

        var sessions = await Store.LoadAsync(CustomerNumber, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(second.MessageId, Is.EqualTo(first.MessageId));
            Assert.That(sessions, Has.Count.EqualTo(1));
        });
    }

    [TestCase("no_such_flow", "+15559990001", "no flow named 'no_such_flow' is configured")]
    [TestCase("welcome_preferences", "07700 900123", "CustomerNumber is not an E.164 number")]
    public async Task A_start_command_that_cannot_start_a_flow_fails_with_the_reason_and_sends_nothing(string flow, string customer, string reason)
    {
        var command = new StartFlow { FlowRunId = Guid.NewGuid(), FlowName = flow, CustomerNumber = customer, RequestedAt = DateTimeOffset.UtcNow };

        await Router.Bus.Bus.Publish(command);

        Assert.That(await Router.Bus.Consumed.Any<StartFlow>(c => c.Context.Message.FlowRunId == command.FlowRunId), Is.True);
        var consumed = Router.Bus.Consumed.Select<StartFlow>(c => c.Context.Message.FlowRunId == command.FlowRunId).First();
        Assert.Multiple(async () =>
        {
            Assert.That(consumed.Exception, Is.InstanceOf<ValidationException>());
            Assert.That(consumed.Exception!.Message, Does.Contain(reason));
            Assert.That(await Router.PublishedAsync<SendSms>(m => m.MessageId == MessageIds.Derive(command.FlowRunId, FlowEngine.StartPurpose)), Is.Empty);
        });
    }

    [Test]
    public async Task A_context_using_the_routers_own_keys_is_refused()
    {
        var command = new StartFlow
        {
            FlowRunId = Guid.NewGuid(),
            FlowName = "welcome_preferences",
            CustomerNumber = CustomerNumber,
            Context = new Dictionary<string, string> { ["flow_step"] = "interest" },
            RequestedAt = DateTimeOffset.UtcNow,
        };

        await Router.Bus.Bus.Publish(command);

        Assert.That(await Router.Bus.Consumed.Any<StartFlow>(c => c.Context.Message.FlowRunId == command.FlowRunId), Is.True);
        var consumed = Router.Bus.Consumed.Select<StartFlow>(c => c.Context.Message.FlowRunId == command.FlowRunId).First();
        Assert.That(consumed.Exception?.Message, Does.Contain("the Context keys flow_step are the router's own"));
    }

    [Test]
    public async Task Engagement_points_follow_the_configured_weights()
    {
        await RestartAsync(new Dictionary<string, string?>
        {
            ["Router:Engagement:ReplyPoints"] = "3",
            ["Router:Engagement:PurchaseIntentPoints"] = "5",
            ["Router:Engagement:CompletedFlowPoints"] = "7",
            ["Router:Engagement:PurchaseIntentKeywords:0"] = "restock",
        });
        await Customer.StartAsync("post_purchase_feedback");

        var three = await Customer.ReplyAsync("3");
        var comment = await Customer.ReplyAsync("Please restock the blue one, I'd buy two");

        Assert.Multiple(() =>
        {
            Assert.That(three.ProfileChange.EngagementPoints, Is.EqualTo(3));
            Assert.That(comment.ProfileChange.EngagementPoints, Is.EqualTo(3 + 5 + 7), "'buy' is no keyword once the list is configured");
            Assert.That(comment.ProfileChange.Reasons, Is.EqualTo(new[] { "reply", "purchase_intent", "flow_step:post_purchase_feedback.comments", "flow_completed:post_purchase_feedback" }));
            Assert.That(comment.ProfileChange.AddLabels, Is.EqualTo(new[] { "feedback:commented" }));
            Assert.That(comment.ProfileChange.CustomerNumber, Is.EqualTo(CustomerNumber));
            Assert.That(comment.ProfileChange.BusinessNumber, Is.EqualTo(FlowConversation.BusinessNumber));
            Assert.That(comment.ProfileChange.InboundMessageId, Is.EqualTo(comment.MessageId));
        });
    }

    [Test]
    public async Task A_reply_to_an_ordinary_prompt_counts_as_a_reply()
    {
        var sent = Build.Sent(CustomerNumber, Build.AppointmentPrompt(), FlowConversation.BusinessNumber, Clock.GetUtcNow());
        await Router.DeliverAsync(sent, m => m.Request.MessageId == sent.Request.MessageId);

        var reply = await Customer.ReplyAsync("yes");

        Assert.Multiple(() =>
        {
            Assert.That(reply.ProfileChange.EngagementPoints, Is.EqualTo(8));
            Assert.That(reply.ProfileChange.AddLabels, Is.Empty);
            Assert.That(reply.ProfileChange.Reasons, Is.EqualTo(new[] { "reply" }));
        });
    }

    [Test]
    public async Task A_question_about_price_outside_any_session_counts_as_purchase_intent_only()
    {
        var message = await Customer.ReplyAsync("How much is the blue jacket?");

        Assert.Multiple(() =>
        {
            Assert.That(message.Escalations.Single().Reason, Is.EqualTo(EscalationReason.NoMatchingSession));
            Assert.That(message.ProfileChange.EngagementPoints, Is.EqualTo(12));
            Assert.That(message.ProfileChange.Reasons, Is.EqualTo(new[] { "purchase_intent" }));
        });
    }
}
