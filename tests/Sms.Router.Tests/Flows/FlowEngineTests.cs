using Sms.Contracts.Routing;
using Sms.Router.Flows;
using Sms.Router.Sessions;
using Sms.ServiceDefaults.Messaging;
using static Sms.Router.Tests.Support.Build;

namespace Sms.Router.Tests.Flows;

/// <summary>The flow engine's decisions without a bus: what each cause leads to, and the ids it derives.</summary>
public class FlowEngineTests
{
    private static readonly Dictionary<string, FlowDefinition> Flows = new()
    {
        ["pick"] = new FlowDefinition
        {
            FirstStep = "colour",
            Steps = new()
            {
                ["colour"] = new FlowStep
                {
                    Prompt = "Red or blue?",
                    Options =
                    [
                        new FlowOption { Replies = ["RED"], Labels = ["colour:red"], Next = "size" },
                        new FlowOption { Replies = ["BLUE"], Labels = ["colour:blue"], Response = "Nice.", Next = "size" },
                    ],
                    Timeout = new FlowTimeout { After = TimeSpan.FromMinutes(30), Message = "No rush.", Next = "size", Labels = ["colour:unknown"] },
                },
                ["size"] = new FlowStep
                {
                    Prompt = "Size S or L?",
                    Options =
                    [
                        new FlowOption
                        {
                            Replies = ["S", "SMALL"],
                            Labels = ["size:s"],
                            Response = "A small one.",
                            ConditionalResponses =
                            [
                                new FlowConditionalResponse { IfLabels = ["colour:red", "size:s"], Text = "A small red one." },
                                new FlowConditionalResponse { IfLabels = ["colour:blue"], Text = "A blue one." },
                            ],
                        },
                        new FlowOption { Replies = ["L"], Action = "large" },
                    ],
                },
            },
        },
    };

    private static readonly FlowEngine Engine = new(Flows);

    private static StartFlow Command(string flow = "pick", IReadOnlyDictionary<string, string>? context = null) => new()
    {
        FlowRunId = Guid.NewGuid(),
        FlowName = flow,
        CustomerNumber = "+15559990001",
        Context = context ?? new Dictionary<string, string> { ["sku"] = "TEE-1" },
        RequestedAt = T0,
    };

    /// <summary>The session a step's prompt opens, answered by <paramref name="reply"/> (as the resolver would match it).</summary>
    private static (SessionMatch Match, Sms.Contracts.Inbound.InboundSmsReceived Message) Answer(Sms.Contracts.Outbound.SendSms prompt, string option)
    {
        var session = Session(prompt.Prompt!.Options, AppointmentNumber, T0) with { Context = prompt.Prompt.Context, Id = prompt.MessageId, AutoResponses = new Dictionary<string, string>() };
        return (new SessionMatch(session, option, session.Options[option], MatchStrength.Exact, Ambiguous: false), Inbound("+15559990001", option, AppointmentNumber, T0));
    }

    [Test]
    public void The_first_prompt_derives_its_id_from_the_run_and_opens_the_first_step()
    {
        var command = Command();

        var prompt = Engine.Start(command);

        Assert.Multiple(() =>
        {
            Assert.That(prompt.MessageId, Is.EqualTo(MessageIds.Derive(command.FlowRunId, FlowEngine.StartPurpose)));
            Assert.That(Engine.Start(command).MessageId, Is.EqualTo(prompt.MessageId), "the same command, the same message");
            Assert.That(prompt.From, Is.Null, "the default sender");
            Assert.That(prompt.Prompt!.SessionType, Is.EqualTo("pick.colour"));
            Assert.That(prompt.Prompt.Options, Is.EquivalentTo(new Dictionary<string, string> { ["RED"] = "colour:RED", ["BLUE"] = "colour:BLUE" }));
            Assert.That(prompt.Prompt.TimeToLive, Is.EqualTo(TimeSpan.FromMinutes(30)));
            Assert.That(prompt.Prompt.AutoResponses, Is.Empty, "the flow answers, not the session");
            Assert.That(prompt.Prompt.Context["sku"], Is.EqualTo("TEE-1"));
        });
    }

    [Test]
    public void An_answer_with_a_response_and_a_next_step_is_one_message_response_first()
    {
        var (match, message) = Answer(Engine.Start(Command()), "BLUE");

        var outcome = Engine.OnReply(message, match, T0)!;

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Send!.Text, Is.EqualTo("Nice.\nSize S or L?"));
            Assert.That(outcome.Send.MessageId, Is.EqualTo(MessageIds.Derive(message.MessageId, FlowEngine.StepPurpose)));
            Assert.That(outcome.Send.InReplyTo, Is.EqualTo(message.MessageId));
            Assert.That(outcome.Send.Prompt!.Context["flow_step"], Is.EqualTo("size"));
            Assert.That(outcome.Send.Prompt.Context["flow_labels"], Is.EqualTo("colour:blue"));
            Assert.That(outcome.Send.Prompt.TimeToLive, Is.Null, "no timeout: the router's default");
            Assert.That(outcome.AddedLabels, Is.EqualTo(new[] { "colour:blue" }));
            Assert.That(outcome.Completed, Is.False);
        });
    }

    [TestCase("RED", "S", "A small red one.")]
    [TestCase("BLUE", "SMALL", "A blue one.")]
    public void The_last_answer_is_answered_by_the_labels_of_the_whole_run(string colour, string size, string expected)
    {
        var (first, firstMessage) = Answer(Engine.Start(Command()), colour);
        var sizePrompt = Engine.OnReply(firstMessage, first, T0)!.Send!;
        var (second, secondMessage) = Answer(sizePrompt, size);

        var outcome = Engine.OnReply(secondMessage, second, T0)!;

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Send!.Text, Is.EqualTo(expected));
            Assert.That(outcome.Send.Prompt, Is.Null);
            Assert.That(outcome.Completed, Is.True);
        });
    }

    [Test]
    public void An_answer_with_nothing_to_send_completes_the_run_silently()
    {
        var (first, firstMessage) = Answer(Engine.Start(Command()), "RED");
        var (second, secondMessage) = Answer(Engine.OnReply(firstMessage, first, T0)!.Send!, "L");

        var outcome = Engine.OnReply(secondMessage, second, T0)!;

        Assert.Multiple(() =>
        {
            Assert.That(second.Action, Is.EqualTo("large"));
            Assert.That(outcome.Send, Is.Null);
            Assert.That(outcome.Completed, Is.True);
        });
    }

    [Test]
    public void A_timeout_sends_its_message_and_the_next_prompt_as_one_message()
    {
        var prompt = Engine.Start(Command());
        var expired = new SessionExpired
        {
            SessionId = prompt.MessageId,
            CustomerNumber = "+15559990001",
            BusinessNumber = AppointmentNumber,
            SessionType = prompt.Prompt!.SessionType,
            Context = prompt.Prompt.Context,
            ExpiredAt = T0,
        };

        var outcome = Engine.OnTimeout(expired)!;

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Send!.Text, Is.EqualTo("No rush.\nSize S or L?"));
            Assert.That(outcome.Send.MessageId, Is.EqualTo(MessageIds.Derive(prompt.MessageId, FlowEngine.TimeoutPurpose)));
            Assert.That(outcome.Send.From, Is.EqualTo(AppointmentNumber), "the number the run is on");
            Assert.That(outcome.Send.Prompt!.Context["flow_labels"], Is.EqualTo("colour:unknown"));
            Assert.That(outcome.AddedLabels, Is.EqualTo(new[] { "colour:unknown" }));
        });
    }

    [Test]
    public void Sessions_that_are_not_flow_steps_are_left_alone()
    {
        var session = Session(AppointmentOptions);
        var match = new SessionMatch(session, "YES", "confirm_appointment", MatchStrength.Exact, Ambiguous: false);

        Assert.That(Engine.OnReply(Inbound("+15559990001", "yes"), match, T0), Is.Null);
    }

    [Test]
    public void A_run_of_a_flow_no_longer_configured_stops_with_the_reason()
    {
        var (match, message) = Answer(Engine.Start(Command()), "RED");
        var changed = new FlowEngine(new Dictionary<string, FlowDefinition>());

        var outcome = changed.OnReply(message, match, T0)!;

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Send, Is.Null);
            Assert.That(outcome.Problem, Does.Contain("flow 'pick' has no step 'colour'"));
        });
    }
}
