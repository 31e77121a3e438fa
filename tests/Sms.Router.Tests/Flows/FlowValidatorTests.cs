using Microsoft.Extensions.Configuration;
using Sms.Contracts.Routing;
using Sms.Router.Extensions;
using Sms.Router.Flows;
using Sms.Router.Sessions;

namespace Sms.Router.Tests.Flows;

/// <summary>The startup check of the configured flows: each mistake named by its configuration path.</summary>
public class FlowValidatorTests
{
    private static readonly ReplyNormalizer Normalizer = new();

    /// <summary>A correct flow: ask (YES ends, NO → why, no reply → nudge); why takes free text; nudge ends with a message.</summary>
    private static Dictionary<string, FlowDefinition> Valid() => new()
    {
        ["survey"] = new FlowDefinition
        {
            FirstStep = "ask",
            Steps = new()
            {
                ["ask"] = new FlowStep
                {
                    Prompt = "Happy with us? Reply YES or NO.",
                    Options =
                    [
                        new FlowOption { Replies = ["YES", "Y"], Response = "Great!", Labels = ["survey:happy"] },
                        new FlowOption { Replies = ["NO"], Next = "why", Escalate = EscalationPriority.Normal },
                    ],
                    Timeout = new FlowTimeout { After = TimeSpan.FromHours(1), Next = "nudge" },
                },
                ["why"] = new FlowStep { Prompt = "Sorry. What went wrong?", AnyReply = new FlowOption { Labels = ["survey:why"] } },
                ["nudge"] = new FlowStep
                {
                    Prompt = "Still there? Reply YES or NO.",
                    Options = [new FlowOption { Replies = ["YES", "NO"], Action = "late_answer" }],
                    Timeout = new FlowTimeout { After = TimeSpan.FromHours(1), Message = "Thanks anyway." },
                },
            },
        },
    };

    private static IReadOnlyList<string> Validate(Dictionary<string, FlowDefinition> flows) => FlowValidator.Validate(flows, Normalizer);

    [Test]
    public void A_correct_flow_has_no_problems()
    {
        Assert.That(Validate(Valid()), Is.Empty);
    }

    [Test]
    public void The_shipped_flows_have_no_problems()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();
        var options = configuration.GetSection(RouterOptions.Section).Get<RouterOptions>()!;

        Assert.That(options.Flows.Keys, Is.EquivalentTo(new[] { "post_purchase_feedback", "product_quiz", "welcome_preferences" }));
        Assert.That(Validate(options.Flows), Is.Empty);
    }

    [TestCase("no steps", "Router:Flows:survey: the flow has no Steps.")]
    [TestCase("bad flow name", "Router:Flows:survey 2: a flow's name may hold only letters, digits, '_' and '-'.")]
    [TestCase("no first step", "Router:Flows:survey:FirstStep is missing")]
    [TestCase("unknown first step", "Router:Flows:survey:FirstStep names the step 'start', which does not exist (steps: 'ask', 'why', 'nudge').")]
    [TestCase("unknown next step", "Router:Flows:survey:Steps:ask:Options:1:Next names the step 'reason', which does not exist")]
    [TestCase("unreachable step", "Router:Flows:survey:Steps:orphan is unreachable: no option or timeout leads to it from FirstStep 'ask'.")]
    [TestCase("option does nothing", "Router:Flows:survey:Steps:ask:Options:0 does nothing: give it a Next step, an Action, Labels, a Response or Escalate.")]
    [TestCase("silent escalation", "Router:Flows:survey:Steps:why:AnyReply escalates without a Response or a Next step: the customer would hear nothing")]
    [TestCase("any reply does nothing", "Router:Flows:survey:Steps:why:AnyReply does nothing")]
    [TestCase("option without replies", "Router:Flows:survey:Steps:ask:Options:0:Replies is empty")]
    [TestCase("reply of symbols", "Router:Flows:survey:Steps:ask:Options:0:Replies: '?!' can never match a reply (it has no letters or digits).")]
    [TestCase("star reply", "use the step's AnyReply for free text")]
    [TestCase("reply in two options", "Router:Flows:survey:Steps:ask:Options:1:Replies: 'yes!' is also a reply of option 0")]
    [TestCase("step asks nothing", "Router:Flows:survey:Steps:why has no Options and no AnyReply")]
    [TestCase("no prompt", "Router:Flows:survey:Steps:why:Prompt is missing")]
    [TestCase("prompt too long", "Router:Flows:survey:Steps:ask:Prompt is 1601 characters; an SMS text is at most 1600.")]
    [TestCase("response too long", "Router:Flows:survey:Steps:ask:Options:0:Response is 1700 characters")]
    [TestCase("response and next prompt too long", "Router:Flows:survey:Steps:ask:Options:1: the response and the prompt of 'why' (sent as one message) is 1624 characters")]
    [TestCase("zero timeout", "Router:Flows:survey:Steps:ask:Timeout:After must be positive (it is 00:00:00)")]
    [TestCase("negative timeout", "Router:Flows:survey:Steps:ask:Timeout:After must be positive (it is -00:05:00)")]
    [TestCase("timeout too long", "Router:Flows:survey:Steps:ask:Timeout:After is 91.00:00:00; a step waits at most 90 days.")]
    [TestCase("timeout does nothing", "Router:Flows:survey:Steps:nudge:Timeout has neither a Message nor a Next step")]
    [TestCase("timeout to unknown step", "Router:Flows:survey:Steps:nudge:Timeout:Next names the step 'ask_again', which does not exist")]
    [TestCase("timeout message too long", "Router:Flows:survey:Steps:nudge:Timeout:Message is 2000 characters")]
    [TestCase("timeouts in a loop", "Router:Flows:survey: the timeouts of the steps ask → nudge → ask lead round in a loop")]
    [TestCase("label with a comma", "Router:Flows:survey:Steps:ask:Options:0:Labels: the label 'happy,yes' may not hold a comma or surrounding spaces.")]
    [TestCase("empty label", "Router:Flows:survey:Steps:why:AnyReply:Labels: a label is empty.")]
    [TestCase("conditional response without labels", "Router:Flows:survey:Steps:ask:Options:0:ConditionalResponses:0:IfLabels is empty")]
    [TestCase("conditional response without text", "Router:Flows:survey:Steps:ask:Options:0:ConditionalResponses:0:Text is missing.")]
    public void A_mistake_is_named_by_its_configuration_path(string mistake, string expected)
    {
        var flows = Valid();
        Break(flows, mistake);

        var problems = Validate(flows);

        Assert.That(problems, Has.Some.Contains(expected), string.Join(Environment.NewLine, problems));
    }

    [Test]
    public void Every_mistake_is_reported_at_once()
    {
        var flows = Valid();
        Break(flows, "label with a comma");
        Break(flows, "zero timeout");
        Break(flows, "no prompt");

        Assert.That(Validate(flows), Has.Count.EqualTo(3));
    }

    [Test]
    public void A_broken_link_also_reports_the_steps_it_leaves_unreachable()
    {
        var flows = Valid();
        Break(flows, "unknown next step");

        Assert.That(Validate(flows), Has.Some.StartsWith("Router:Flows:survey:Steps:why is unreachable"));
    }

    [Test]
    public void A_loop_through_replies_is_allowed()
    {
        var flows = Valid();
        flows["survey"].Steps["why"].AnyReply!.Next = "ask";

        Assert.That(Validate(flows), Is.Empty, "the customer answers each time round");
    }

    private static void Break(Dictionary<string, FlowDefinition> flows, string mistake)
    {
        var flow = flows["survey"];
        var ask = flow.Steps["ask"];
        var why = flow.Steps["why"];
        var nudge = flow.Steps["nudge"];
        switch (mistake)
        {
            case "no steps": flow.Steps.Clear(); break;
            case "bad flow name": flows.Remove("survey"); flows["survey 2"] = flow; break;
            case "no first step": flow.FirstStep = " "; break;
            case "unknown first step": flow.FirstStep = "start"; break;
            case "unknown next step": ask.Options[1].Next = "reason"; break;
            case "unreachable step": flow.Steps["orphan"] = new FlowStep { Prompt = "?", Options = [new FlowOption { Replies = ["1"], Action = "a" }] }; break;
            case "option does nothing": ask.Options[0] = new FlowOption { Replies = ["YES"] }; break;
            case "silent escalation": why.AnyReply = new FlowOption { Escalate = EscalationPriority.High, ConditionalResponses = [new() { IfLabels = ["survey:vip"], Text = "A manager will call you." }] }; break;
            case "any reply does nothing": why.AnyReply = new FlowOption(); break;
            case "option without replies": ask.Options[0].Replies = []; break;
            case "reply of symbols": ask.Options[0].Replies = ["?!"]; break;
            case "star reply": ask.Options[0].Replies = ["*"]; break;
            case "reply in two options": ask.Options[1].Replies = ["yes!"]; break;
            case "step asks nothing": why.AnyReply = null; break;
            case "no prompt": why.Prompt = ""; break;
            case "prompt too long": ask.Prompt = new string('a', 1601); break;
            case "response too long": ask.Options[0].Response = new string('a', 1700); break;
            case "response and next prompt too long": ask.Options[1].Response = new string('a', 1600); break;
            case "zero timeout": ask.Timeout!.After = TimeSpan.Zero; break;
            case "negative timeout": ask.Timeout!.After = TimeSpan.FromMinutes(-5); break;
            case "timeout too long": ask.Timeout!.After = TimeSpan.FromDays(91); break;
            case "timeout does nothing": nudge.Timeout!.Message = null; break;
            case "timeout to unknown step": nudge.Timeout!.Next = "ask_again"; break;
            case "timeout message too long": nudge.Timeout!.Message = new string('a', 2000); break;
            case "timeouts in a loop": nudge.Timeout!.Next = "ask"; break;
            case "label with a comma": ask.Options[0].Labels = ["happy,yes"]; break;
            case "empty label": why.AnyReply!.Labels = [""]; break;
            case "conditional response without labels": ask.Options[0].ConditionalResponses = [new FlowConditionalResponse { Text = "Hi" }]; break;
            case "conditional response without text": ask.Options[0].ConditionalResponses = [new FlowConditionalResponse { IfLabels = ["survey:happy"] }]; break;
            default: throw new ArgumentOutOfRangeException(nameof(mistake), mistake, "no such mistake");
        }
    }
}
