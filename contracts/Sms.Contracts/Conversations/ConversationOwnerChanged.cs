namespace Sms.Contracts.Conversations;

/// <summary>
/// Event from Conversations: who answers one customer on one of our numbers from now on, the automation or people.
/// The Router keeps the newest of these per conversation (<see cref="Version"/>) and, while people own a conversation,
/// sends that customer nothing of its own. The protocol: README, "Who owns a conversation".
/// </summary>
public sealed record ConversationOwnerChanged
{
    public required Guid ConversationId { get; init; }

    /// <summary>The customer's number, E.164.</summary>
    public required string CustomerNumber { get; init; }

    /// <summary>Our number the conversation is on.</summary>
    public required string BusinessNumber { get; init; }

    public required ConversationOwner Owner { get; init; }

    /// <summary>What changed the owner (or, for <see cref="OwnerChangeReason.Assigned"/>, the person within people).</summary>
    public required OwnerChangeReason Reason { get; init; }

    /// <summary>The team whose people own it (their queue, or one of them); null when the automation owns it.</summary>
    public string? Team { get; init; }

    /// <summary>The agent (username) it is assigned to; null when it waits in the team's queue or the automation owns it.</summary>
    public string? Agent { get; init; }

    /// <summary>Counts the conversation's owner changes from 1: the business key, and the order a reader keeps whatever the order of arrival.</summary>
    public required long Version { get; init; }

    public required DateTimeOffset ChangedAt { get; init; }
}

public enum ConversationOwner
{
    /// <summary>The automation answers the customer (acknowledgements, clarifications, escalations, auto-responses).</summary>
    Automation,

    /// <summary>A person answers: the automation sends nothing of its own to the customer.</summary>
    People,
}

public enum OwnerChangeReason
{
    /// <summary>The automation handed the conversation to people (<c>ConversationEscalated</c>).</summary>
    Escalated,

    /// <summary>Assigned to an agent or to a team's queue, by hand or automatically.</summary>
    Assigned,

    /// <summary>An agent wrote to the customer: the conversation is theirs.</summary>
    AgentReplied,

    /// <summary>An agent resolved it: the automation answers again.</summary>
    Resolved,

    /// <summary>An agent gave it back to the automation without resolving it.</summary>
    ReturnedToAutomation,

    /// <summary>Neither the customer nor an agent wrote for the configured idle time.</summary>
    Idle,

    /// <summary>Reopened to people (by an agent, or by a low satisfaction score).</summary>
    Reopened,
}
