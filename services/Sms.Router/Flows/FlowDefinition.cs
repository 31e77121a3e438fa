using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;

namespace Sms.Router.Flows;

/// <summary>
/// A multi-step conversation, configured under <c>Router:Flows:{name}</c>: each step sends a prompt; the customer's
/// reply picks an option (labels, a response, an escalation, the next step, or the end), and a step left unanswered
/// for its timeout takes the timeout branch. Checked at startup by <see cref="FlowValidator"/>.
/// </summary>
public sealed class FlowDefinition
{
    /// <summary>The step a new run starts with.</summary>
    public string FirstStep { get; set; } = string.Empty;

    /// <summary>
    /// The category of the messages the flow sends on its own (the first step, timeout messages); marketing needs the
    /// customer's opt-in. Messages that answer a reply are conversational.
    /// </summary>
    public SmsCategory Category { get; set; } = SmsCategory.Conversational;

    /// <summary>The steps by name.</summary>
    public Dictionary<string, FlowStep> Steps { get; set; } = new(StringComparer.Ordinal);
}

/// <summary><c>Router:Flows:{flow}:Steps:{step}</c>: one question and what each answer leads to.</summary>
public sealed class FlowStep
{
    /// <summary>The text sent to the customer, e.g. <c>How was your order? Reply 1-5.</c></summary>
    public string Prompt { get; set; } = string.Empty;

    /// <summary>The replies the step understands and what each leads to.</summary>
    public List<FlowOption> Options { get; set; } = [];

    /// <summary>Any other reply (free text, e.g. comments): what it leads to. Its <c>Replies</c> are ignored.</summary>
    public FlowOption? AnyReply { get; set; }

    /// <summary>What happens when the customer does not answer in time; none: the run ends quietly.</summary>
    public FlowTimeout? Timeout { get; set; }
}

/// <summary>An answer to a step and what it leads to; an option without <see cref="Next"/> ends the run (completed).</summary>
public sealed class FlowOption
{
    /// <summary>The replies that choose this option as the customer would write them (<c>4</c>, <c>YES</c>, <c>A</c>).</summary>
    public string[] Replies { get; set; } = [];

    /// <summary>The action announced in <c>ReplyClassified</c>; default <c>{step}:{first reply}</c>.</summary>
    public string? Action { get; set; }

    /// <summary>Labels added to the contact, e.g. <c>interest:a</c>; also remembered by the run for <see cref="ConditionalResponses"/>.</summary>
    public string[] Labels { get; set; } = [];

    /// <summary>Sent to the customer (before the next step's prompt, in the same message, when there is one).</summary>
    public string? Response { get; set; }

    /// <summary>
    /// Responses that depend on the run's labels (its earlier answers): the first whose labels the run all has replaces
    /// <see cref="Response"/>.
    /// </summary>
    public List<FlowConditionalResponse> ConditionalResponses { get; set; } = [];

    /// <summary>Hands the conversation to a person with this priority (<c>ConversationEscalated</c>, reason <c>FlowOutcome</c>).</summary>
    public EscalationPriority? Escalate { get; set; }

    /// <summary>The step that follows; none: the run is complete.</summary>
    public string? Next { get; set; }
}

/// <summary>A response chosen when the run has every one of <see cref="IfLabels"/>.</summary>
public sealed class FlowConditionalResponse
{
    public string[] IfLabels { get; set; } = [];

    public string Text { get; set; } = string.Empty;
}

/// <summary><c>Router:Flows:{flow}:Steps:{step}:Timeout</c>: no reply within <see cref="After"/>.</summary>
public sealed class FlowTimeout
{
    /// <summary>How long the step waits for a reply (the prompt's session time to live).</summary>
    public TimeSpan After { get; set; }

    /// <summary>Sent when the time is up (before the next step's prompt, in the same message, when there is one).</summary>
    public string? Message { get; set; }

    /// <summary>The step that follows; none: the run ends after <see cref="Message"/>.</summary>
    public string? Next { get; set; }

    /// <summary>Labels added to the contact when the time is up.</summary>
    public string[] Labels { get; set; } = [];
}
