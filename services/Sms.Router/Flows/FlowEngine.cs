using System.ComponentModel.DataAnnotations;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;
using Sms.Router.Replies;
using Sms.Router.Sessions;
using Sms.ServiceDefaults.Messaging;
using Sms.ServiceDefaults.Numbers;

namespace Sms.Router.Flows;

/// <summary>
/// What a step of a flow leads to, for the consumer to publish: <see cref="Send"/> (a response, the next step's prompt,
/// or both in one message), <see cref="Escalation"/>, the labels the step added and whether the run is complete.
/// <see cref="Problem"/> says why nothing happens for a session of a flow or step no longer configured.
/// </summary>
public sealed record FlowOutcome(FlowRun Run, string Step)
{
    public SendSms? Send { get; init; }

    public ConversationEscalated? Escalation { get; init; }

    public IReadOnlyList<string> AddedLabels { get; init; } = [];

    /// <summary>The customer answered the run's last step.</summary>
    public bool Completed { get; init; }

    public string? Problem { get; init; }
}

/// <summary>
/// Runs the configured flows. Pure: the state of a run travels in its prompt's session context (<see cref="FlowRun"/>),
/// and every message id derives from its cause (the run id, the reply, the expired session), so handling a cause again
/// (a redelivery, a restarted router) produces the same messages, which the platform sends once.
/// </summary>
public sealed class FlowEngine(IReadOnlyDictionary<string, FlowDefinition> flows)
{
    public const string StartPurpose = "flow-start";
    public const string StepPurpose = "flow-step";
    public const string TimeoutPurpose = "flow-timeout";

    /// <summary>The first step's prompt for a new run. Throws <see cref="ValidationException"/> for a command that cannot start one.</summary>
    public SendSms Start(StartFlow command)
    {
        var problems = new List<string>();
        FlowDefinition? flow = null;
        if (string.IsNullOrWhiteSpace(command.FlowName) || !flows.TryGetValue(command.FlowName, out flow))
            problems.Add($"no flow named '{command.FlowName}' is configured (Router:Flows: {string.Join(", ", flows.Keys)})");
        if (!PhoneNumbers.IsE164(command.CustomerNumber))
            problems.Add("CustomerNumber is not an E.164 number");
        if (command.FlowRunId == Guid.Empty)
            problems.Add("FlowRunId is empty");
        var reserved = (command.Context ?? new Dictionary<string, string>()).Keys.Where(FlowRun.ReservedKeys.Contains).ToList();
        if (reserved.Count > 0)
            problems.Add($"the Context keys {string.Join(", ", reserved)} are the router's own");
        if (problems.Count > 0 || flow is null)
            throw new ValidationException($"StartFlow {command.FlowRunId} cannot start: {string.Join("; ", problems)}.");

        var run = new FlowRun(command.FlowName, flow.FirstStep, command.FlowRunId, []);
        var step = flow.Steps[flow.FirstStep];
        return Prompt(
            MessageIds.Derive(command.FlowRunId, StartPurpose), command.CustomerNumber,
            string.IsNullOrWhiteSpace(command.BusinessNumber) ? null : command.BusinessNumber,
            step.Prompt, flow.Category, command.CampaignId, inReplyTo: null, command.RequestedAt, run, step, command.Context);
    }

    /// <summary>What the reply that answered a flow step leads to; null when the session is not a flow step.</summary>
    public FlowOutcome? OnReply(InboundSmsReceived message, SessionMatch match, DateTimeOffset at)
    {
        var session = match.Session;
        if (!FlowRun.TryRead(session.Context, out var run)) return null;
        if (Locate(run) is not ({ } flow, { } step)) return Lost(run);

        var option = match.MatchedOption == SessionResolver.AnyReplyOption
            ? step.AnyReply
            : step.Options.FirstOrDefault(o => o.Replies.Contains(match.MatchedOption, StringComparer.Ordinal));
        if (option is null)
            return new FlowOutcome(run, run.Step) { Problem = $"step '{run.Step}' of flow '{run.FlowName}' has no option '{match.MatchedOption}' any more" };

        var added = option.Labels ?? [];
        var labelled = run.At(run.Step, added);
        var response = ResponseFor(option, labelled.Labels);
        var escalation = option.Escalate is { } priority
            ? new ConversationEscalated
            {
                InboundMessageId = message.MessageId,
                CustomerNumber = message.From,
                BusinessNumber = message.To,
                Reason = EscalationReason.FlowOutcome,
                Priority = priority,
                EscalatedAt = at,
                PromptMessageId = session.Id,
            }
            : null;

        if (!string.IsNullOrWhiteSpace(option.Next) && flow.Steps.TryGetValue(option.Next, out var next))
        {
            var send = Prompt(
                MessageIds.Derive(message.MessageId, StepPurpose), message.From, message.To, Join(response, next.Prompt),
                SmsCategory.Conversational, session.CampaignId, message.MessageId, at, labelled.At(option.Next, []), next, session.Context);
            return new FlowOutcome(run, run.Step) { Send = send, Escalation = escalation, AddedLabels = added };
        }

        var final = response is null
            ? null
            : Message(MessageIds.Derive(message.MessageId, ReplyMessages.AutoResponsePurpose), message.From, message.To, response,
                SmsCategory.Conversational, session.CampaignId, message.MessageId, at);
        return new FlowOutcome(run, run.Step) { Send = final, Escalation = escalation, AddedLabels = added, Completed = true };
    }

    /// <summary>What a flow step left unanswered leads to (its timeout branch); null when the session is not a flow step.</summary>
    public FlowOutcome? OnTimeout(SessionExpired expired)
    {
        if (!FlowRun.TryRead(expired.Context, out var run)) return null;
        if (Locate(run) is not ({ } flow, { } step)) return Lost(run);
        if (step.Timeout is not { } timeout) return new FlowOutcome(run, run.Step);

        var added = timeout.Labels ?? [];
        var labelled = run.At(run.Step, added);
        var id = MessageIds.Derive(expired.SessionId, TimeoutPurpose);
        var message = string.IsNullOrWhiteSpace(timeout.Message) ? null : timeout.Message;
        SendSms? send = null;
        if (!string.IsNullOrWhiteSpace(timeout.Next) && flow.Steps.TryGetValue(timeout.Next, out var next))
        {
            send = Prompt(id, expired.CustomerNumber, expired.BusinessNumber, Join(message, next.Prompt), flow.Category,
                expired.CampaignId, inReplyTo: null, expired.ExpiredAt, labelled.At(timeout.Next, []), next, expired.Context);
        }
        else if (message is not null)
        {
            send = Message(id, expired.CustomerNumber, expired.BusinessNumber, message, flow.Category, expired.CampaignId, inReplyTo: null, expired.ExpiredAt);
        }
        return new FlowOutcome(run, run.Step) { Send = send, AddedLabels = added };
    }

    /// <summary>The session type of a step's prompt: <c>{flow}.{step}</c>.</summary>
    public static string SessionType(string flowName, string step) => $"{flowName}.{step}";

    /// <summary>The prompt's options: each reply as written → the option's action (<c>{step}:{first reply}</c> by default); <c>*</c> for any reply.</summary>
    public static Dictionary<string, string> OptionsOf(string stepName, FlowStep step)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in step.Options ?? [])
        {
            var action = ActionOf(stepName, option, option.Replies.FirstOrDefault() ?? "reply");
            foreach (var reply in option.Replies) options[reply] = action;
        }
        if (step.AnyReply is { } any) options[SessionResolver.AnyReplyOption] = ActionOf(stepName, any, "any");
        return options;
    }

    private static string ActionOf(string stepName, FlowOption option, string fallback) =>
        string.IsNullOrWhiteSpace(option.Action) ? $"{stepName}:{fallback}" : option.Action;

    /// <summary>The first conditional response whose labels the run all has, else the option's response.</summary>
    public static string? ResponseFor(FlowOption option, IReadOnlyCollection<string> runLabels)
    {
        var conditional = (option.ConditionalResponses ?? [])
            .FirstOrDefault(c => c.IfLabels.Length > 0 && c.IfLabels.All(runLabels.Contains));
        var text = conditional?.Text ?? option.Response;
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    private (FlowDefinition? Flow, FlowStep? Step) Locate(FlowRun run) =>
        flows.TryGetValue(run.FlowName, out var flow) && flow.Steps.TryGetValue(run.Step, out var step) ? (flow, step) : (null, null);

    private static FlowOutcome Lost(FlowRun run) =>
        new(run, run.Step) { Problem = $"flow '{run.FlowName}' has no step '{run.Step}' any more (or the flow is gone)" };

    private static string Join(string? first, string second) => first is null ? second : first + "\n" + second;

    private static SendSms Prompt(
        Guid id, string to, string? from, string text, SmsCategory category, string? campaignId, Guid? inReplyTo, DateTimeOffset at,
        FlowRun run, FlowStep step, IReadOnlyDictionary<string, string>? context) =>
        Message(id, to, from, text, category, campaignId, inReplyTo, at) with
        {
            Prompt = new SmsPrompt
            {
                SessionType = SessionType(run.FlowName, run.Step),
                Options = OptionsOf(run.Step, step),
                TimeToLive = step.Timeout?.After,
                Context = run.ToContext(context),
            },
        };

    private static SendSms Message(
        Guid id, string to, string? from, string text, SmsCategory category, string? campaignId, Guid? inReplyTo, DateTimeOffset at) => new()
    {
        MessageId = id,
        To = to,
        From = from,
        Text = text,
        Category = category,
        CampaignId = campaignId,
        Origin = SmsOrigin.Automation,
        InReplyTo = inReplyTo,
        RequestedAt = at,
    };
}
