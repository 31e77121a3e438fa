namespace Sms.Contracts.Routing;

/// <summary>Event for the inbox: a customer's message needs a person.</summary>
public sealed record ConversationEscalated
{
    /// <summary>The inbound message that caused the escalation: the business key.</summary>
    public required Guid InboundMessageId { get; init; }

    public required string CustomerNumber { get; init; }

    public required string BusinessNumber { get; init; }

    public required EscalationReason Reason { get; init; }

    public required EscalationPriority Priority { get; init; }

    public required DateTimeOffset EscalatedAt { get; init; }

    /// <summary>The session automation gave up on (<see cref="EscalationReason.AutomationFailed"/>): its prompt's message id.</summary>
    public Guid? PromptMessageId { get; init; }

    /// <summary>The sensitive topic found (<see cref="EscalationReason.SensitiveTopic"/>), e.g. <c>billing</c>, <c>fraud</c>, <c>security</c>.</summary>
    public string? Topic { get; init; }
}

public enum EscalationReason
{
    /// <summary>No open session accepts the message.</summary>
    NoMatchingSession,

    /// <summary>The customer asked for a person.</summary>
    HumanRequested,

    /// <summary>Automation could not understand the customer after clarifying.</summary>
    AutomationFailed,

    /// <summary>Strong negative emotion.</summary>
    NegativeSentiment,

    /// <summary>Billing, fraud or security.</summary>
    SensitiveTopic,

    /// <summary>A flow step's option hands the conversation to a person (e.g. a low rating in a feedback flow).</summary>
    FlowOutcome,
}

public enum EscalationPriority
{
    Normal,
    High,
    Urgent,
}
