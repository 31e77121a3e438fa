using Sms.Contracts.Conversations;
using Sms.Conversations.Threads;

namespace Sms.Conversations.Handoff;

/// <summary>Who answers the customer, with the team and agent when people do, and how many owner changes came before.</summary>
public sealed record ConversationState(string Status, ConversationOwner Owner, string? Team, string? Assignee, long OwnerVersion)
{
    /// <summary>A conversation no escalation or agent has touched.</summary>
    public static ConversationState New { get; } = new(ConversationStatuses.Open, ConversationOwner.Automation, null, null, 0);
}

/// <summary>Something that happens to a conversation. Each case is a row of the table in README, "Who owns a conversation".</summary>
public abstract record ConversationEvent
{
    /// <summary>The customer wrote (stored by the thread projection; listed here so the table is whole).</summary>
    public sealed record CustomerWrote : ConversationEvent;

    /// <summary>The automation handed the conversation to people, routed to <paramref name="Team"/>.</summary>
    public sealed record Escalated(string Team) : ConversationEvent;

    /// <summary>An agent wrote to the customer (<paramref name="Agent"/> null: someone who is no agent, an upstream system with an API key).</summary>
    public sealed record AgentReplied(string? Agent) : ConversationEvent;

    /// <summary>Assigned to an agent, or (agent null) to the queue of <paramref name="Team"/> (null: the team it has).</summary>
    public sealed record Assigned(string? Agent, string? Team = null) : ConversationEvent;

    public sealed record Resolved : ConversationEvent;

    /// <summary>Opened again to people: by an agent, or by a low satisfaction score.</summary>
    public sealed record Reopened : ConversationEvent;

    /// <summary>An agent gave the conversation back to the automation without resolving it.</summary>
    public sealed record ReturnedToAutomation : ConversationEvent;

    /// <summary>Neither the customer nor an agent wrote for the configured idle time.</summary>
    public sealed record Idle : ConversationEvent;
}

/// <summary>
/// What an event does to a conversation: its state after, the owner change to announce (null: none, the Router's view
/// is unchanged), whether the customer is told they are being connected to people, and whether the messages stored so
/// far stop waiting for a person (the SLA clock starts again from the customer's next message).
/// </summary>
public sealed record ConversationTransition(
    ConversationState State, OwnerChangeReason? Announce, bool TellCustomer = false, bool ClearWaiting = false);

/// <summary>
/// Who owns a conversation and what each event changes: the one statement of the rules the inbox's writes follow
/// (README, "Who owns a conversation", has them as a table). Pure.
/// <para>
/// A conversation is owned by the automation or by people (a team's queue, or one agent of it). Escalation hands it to
/// people and tells the customer once; from then on the Router sends nothing of its own to the customer until people
/// resolve it, return it to the automation, or it is left idle. An agent who writes to a customer the automation
/// owns takes the conversation. Unread counts and the SLA clock follow the messages (the thread projection); this
/// model says only where an event stops the clock.
/// </para>
/// </summary>
public static class ConversationRules
{
    public static ConversationTransition Apply(ConversationState state, ConversationEvent @event)
    {
        var people = state.Owner == ConversationOwner.People;
        switch (@event)
        {
            case ConversationEvent.CustomerWrote:
                return new(state with { Status = state.Status == ConversationStatuses.Resolved ? ConversationStatuses.Open : state.Status }, null);

            case ConversationEvent.Escalated escalated when people:
                // People have it already: it waits on them, no second hand-over, nothing to tell.
                return new(state with { Status = ConversationStatuses.WaitingOnAgent }, null);

            case ConversationEvent.Escalated escalated:
                return new(ToPeople(state, ConversationStatuses.WaitingOnAgent, escalated.Team, assignee: null), OwnerChangeReason.Escalated, TellCustomer: true);

            case ConversationEvent.AgentReplied replied:
            {
                var status = state.Status == ConversationStatuses.WaitingOnAgent ? ConversationStatuses.Open : state.Status;
                if (people && (state.Assignee is not null || replied.Agent is null))
                    return new(state with { Status = status }, null);
                return new(ToPeople(state, status, state.Team, replied.Agent), OwnerChangeReason.AgentReplied);
            }

            case ConversationEvent.Assigned assigned:
            {
                var team = assigned.Team ?? state.Team;
                if (people && state.Assignee == assigned.Agent && state.Team == team)
                    return new(state, null);
                var status = state.Status == ConversationStatuses.Resolved ? ConversationStatuses.Open : state.Status;
                return new(ToPeople(state, status, team, assigned.Agent), OwnerChangeReason.Assigned);
            }

            case ConversationEvent.Resolved:
                return new(ToAutomation(state, ConversationStatuses.Resolved, keepAssignee: true), people ? OwnerChangeReason.Resolved : null, ClearWaiting: true);

            case ConversationEvent.Reopened:
                return new(ToPeople(state, ConversationStatuses.Open, state.Team, state.Assignee), OwnerChangeReason.Reopened);

            case ConversationEvent.ReturnedToAutomation:
            {
                var status = state.Status == ConversationStatuses.WaitingOnAgent ? ConversationStatuses.Open : state.Status;
                return people
                    ? new(ToAutomation(state, status, keepAssignee: false), OwnerChangeReason.ReturnedToAutomation, ClearWaiting: true)
                    : new(state with { Status = status }, null);
            }

            case ConversationEvent.Idle:
                return people
                    ? new(ToAutomation(state, state.Status == ConversationStatuses.WaitingOnAgent ? ConversationStatuses.Open : state.Status, keepAssignee: false),
                        OwnerChangeReason.Idle, ClearWaiting: true)
                    : new(state, null);

            default:
                throw new ArgumentOutOfRangeException(nameof(@event), @event, "No rule for this event.");
        }
    }

    private static ConversationState ToPeople(ConversationState state, string status, string? team, string? assignee) =>
        state with { Status = status, Owner = ConversationOwner.People, Team = team, Assignee = assignee, OwnerVersion = state.OwnerVersion + 1 };

    /// <summary>The automation takes over; a resolved conversation keeps its last agent (metrics count resolutions per agent).</summary>
    private static ConversationState ToAutomation(ConversationState state, string status, bool keepAssignee) =>
        state.Owner == ConversationOwner.Automation
            ? state with { Status = status }
            : state with { Status = status, Owner = ConversationOwner.Automation, Assignee = keepAssignee ? state.Assignee : null, OwnerVersion = state.OwnerVersion + 1 };
}
