using Sms.Contracts.Routing;

namespace Sms.Conversations.Teams;

/// <summary>An agent as assignment sees them: whether they can take work now, and how much they hold.</summary>
public sealed record AgentState
{
    public required string Username { get; init; }

    public required bool SignedIn { get; init; }

    /// <summary>Marked away by themselves (a break, a meeting): signed in but taking nothing new.</summary>
    public bool Away { get; init; }

    /// <summary>Conversations assigned to them and not yet closed.</summary>
    public required int OpenConversations { get; init; }

    /// <summary>Signed in and not away.</summary>
    public bool Available => SignedIn && !Away;
}

/// <summary>A conversation in a team's queue: escalated, nobody assigned yet.</summary>
public sealed record QueuedConversation(Guid ConversationId, EscalationPriority Priority, DateTimeOffset WaitingSince);

public sealed record Assignment(Guid ConversationId, string Username);

/// <summary>
/// Who takes a team's conversations. Pure: the caller passes the agents' state and the round-robin pointer (the last
/// user name assigned in the team) and stores what comes back.
/// </summary>
public static class AgentAssignment
{
    /// <summary>
    /// Round robin: the next member after <paramref name="lastAssigned"/> in member order, wrapping, who is available
    /// and holds fewer open conversations than the team's capacity; starts with the first member when the pointer is
    /// unset or no longer a member. A member missing from <paramref name="candidates"/> is taken as signed out. Null
    /// when nobody can take the conversation now: it stays in the queue.
    /// </summary>
    public static string? Choose(Team team, IEnumerable<AgentState> candidates, string? lastAssigned)
    {
        var agents = ByName(candidates);
        var order = Order(team, agents);
        var start = Start(team, order, lastAssigned);
        for (var i = 0; i < order.Count; i++)
        {
            var name = order[(start + i) % order.Count];
            if (agents.TryGetValue(name, out var agent) && agent.Available && agent.OpenConversations < team.Capacity)
                return name;
        }
        return null;
    }

    /// <summary>
    /// The assignments to make now from a team's queue: highest priority first, then the longest waiting; each one
    /// counts against its agent's capacity and moves the round-robin pointer. Stops when nobody has room: the rest wait.
    /// </summary>
    public static IReadOnlyList<Assignment> Drain(Team team, IEnumerable<QueuedConversation> queue, IEnumerable<AgentState> agents, string? lastAssigned)
    {
        var state = ByName(agents);
        var assignments = new List<Assignment>();
        var ordered = queue
            .DistinctBy(c => c.ConversationId)
            .OrderByDescending(c => c.Priority)
            .ThenBy(c => c.WaitingSince)
            .ThenBy(c => c.ConversationId);
        foreach (var conversation in ordered)
        {
            if (Choose(team, state.Values, lastAssigned) is not { } username) break;
            assignments.Add(new Assignment(conversation.ConversationId, username));
            state[username] = state[username] with { OpenConversations = state[username].OpenConversations + 1 };
            lastAssigned = username;
        }
        return assignments;
    }

    private static Dictionary<string, AgentState> ByName(IEnumerable<AgentState> agents)
    {
        var byName = new Dictionary<string, AgentState>(StringComparer.Ordinal);
        foreach (var agent in agents) byName.TryAdd(agent.Username, agent);
        return byName;
    }

    /// <summary>The team's members in round-robin order; for the team of every agent, every agent by user name.</summary>
    private static IReadOnlyList<string> Order(Team team, Dictionary<string, AgentState> agents) =>
        team.EveryAgent ? agents.Keys.Order(StringComparer.Ordinal).ToList() : team.Members;

    /// <summary>
    /// Where the round starts: after the last assigned. For the team of every agent, whose list changes as agents come
    /// and go, that is the first name after the pointer's, so a pointer whose agent is gone still keeps the turn.
    /// </summary>
    private static int Start(Team team, IReadOnlyList<string> order, string? lastAssigned)
    {
        if (lastAssigned is null || order.Count == 0) return 0;
        if (team.EveryAgent)
        {
            var next = order.ToList().FindIndex(name => string.CompareOrdinal(name, lastAssigned) > 0);
            return next < 0 ? 0 : next;
        }
        var index = order.ToList().IndexOf(lastAssigned);
        return index < 0 ? 0 : (index + 1) % order.Count;
    }
}
