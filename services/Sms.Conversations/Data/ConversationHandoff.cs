using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Sms.Contracts.Conversations;
using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;
using Sms.Conversations.Handoff;
using Sms.Conversations.Teams;
using Sms.Conversations.Threads;
using Sms.ServiceDefaults.Messaging;
using static Sms.Conversations.Data.ConversationSql;
using Sms.Conversations.Extensions;

namespace Sms.Conversations.Data;

/// <summary>
/// Every change of who owns a conversation, written as <see cref="ConversationRules"/> says: escalation, assignment
/// (by hand, and automatic from a team's queue), an agent's reply, resolve, reopen, return to the automation, and the
/// idle timeout. Each change is one transaction that locks the conversation's row, applies the rules, and writes what
/// they announce to the outbox (<see cref="Outbox"/>): the <see cref="ConversationOwnerChanged"/> the Router follows
/// and the one hand-over text to the customer. The protocol: README, "Who owns a conversation".
/// </summary>
/// <summary>
/// What an escalation did: <see cref="Changed"/> false when it was stored before or is older than the conversation's
/// latest; <see cref="HandedOver"/> when it handed the conversation to people (to <see cref="Team"/>), which is when
/// the customer is told and the agents are notified.
/// </summary>
public sealed record EscalationOutcome(bool Changed, string? Team, bool HandedOver);

public sealed class ConversationHandoff(
    NpgsqlDataSource dataSource,
    TeamDirectory teams,
    IOptions<TeamsOptions> teamsOptions,
    IOptions<HandoffOptions> handoffOptions,
    IOptions<CsatOptions> csatOptions,
    TimeProvider clock)
{
    /// <summary>The purpose the hand-over text's message id is derived with (one per escalation).</summary>
    public const string HandoverPurpose = "handover";

    /// <summary>
    /// Puts the conversation in the agents' queue, creating it when the escalation overtook the message that caused
    /// it, and keeps the escalation as a row of its own (for the metrics). When the automation owned the conversation,
    /// people take it: routed to a team (<see cref="TeamRouting"/>, by <paramref name="text"/> when the message is
    /// stored already), assigned when a member has room, and the customer is told once. The same escalation again
    /// changes nothing; an older one arriving late is kept as a row but leaves the conversation as it is.
    /// </summary>
    public async Task<EscalationOutcome> EscalateAsync(ConversationEscalated escalated, string? text, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // One statement: the conversation (updated unless this escalation is stored or older than its latest), its id
        // either way, and the escalation's own row. A CTE's SELECT reads the snapshot from before the upsert, so the id
        // comes from the upsert when it created or changed the row, else from the row as it was.
        var outcome = await connection.QuerySingleAsync<(Guid? Changed, bool Recorded)>(new CommandDefinition("""
            WITH changed AS (
                INSERT INTO conversations.conversations AS c
                    (customer_number, business_number, status, escalation_reason, escalation_priority,
                     escalation_message_id, escalated_at, last_message_at)
                VALUES (@CustomerNumber, @BusinessNumber, 'waiting_on_agent', @Reason, @Priority,
                        @InboundMessageId, @EscalatedAt, @EscalatedAt)
                ON CONFLICT (customer_number, business_number) DO UPDATE SET
                    escalation_reason = EXCLUDED.escalation_reason,
                    escalation_priority = EXCLUDED.escalation_priority,
                    escalation_message_id = EXCLUDED.escalation_message_id,
                    escalated_at = EXCLUDED.escalated_at,
                    updated_at = now()
                WHERE c.escalation_message_id IS DISTINCT FROM EXCLUDED.escalation_message_id
                  AND (c.escalated_at IS NULL OR c.escalated_at <= EXCLUDED.escalated_at)
                RETURNING id),
            conversation AS (
                SELECT id FROM changed
                UNION ALL
                SELECT id FROM conversations.conversations
                WHERE customer_number = @CustomerNumber AND business_number = @BusinessNumber AND NOT EXISTS (SELECT 1 FROM changed)),
            recorded AS (
                INSERT INTO conversations.escalations (inbound_message_id, conversation_id, escalated_at)
                SELECT @InboundMessageId, id, @EscalatedAt FROM conversation
                ON CONFLICT (inbound_message_id) DO NOTHING
                RETURNING 1)
            SELECT (SELECT id FROM changed) AS Changed, EXISTS (SELECT 1 FROM recorded) AS Recorded
            """,
            new
            {
                escalated.CustomerNumber, escalated.BusinessNumber,
                Reason = StoredNames.Of(escalated.Reason),
                Priority = StoredNames.Of(escalated.Priority),
                escalated.InboundMessageId,
                EscalatedAt = Utc(escalated.EscalatedAt),
            },
            transaction, cancellationToken: cancellationToken));
        if (outcome.Changed is not { } id)
        {
            if (outcome.Recorded)
                await transaction.CommitAsync(cancellationToken);
            return await EscalationOutcomeAsync(connection, escalated.InboundMessageId, outcome.Recorded, cancellationToken);
        }

        var route = TeamRouting.Route(teams, escalated, text);
        var transition = await ApplyAsync(connection, transaction, id, new ConversationEvent.Escalated(route.Team.Name), escalated.EscalatedAt, cancellationToken);
        if (transition.TellCustomer)
        {
            var now = clock.GetUtcNow();
            var wait = await ExpectedWaitAsync(connection, transaction, route.Team.Name, cancellationToken);
            await Outbox.AddAsync(connection, transaction, new SendSms
            {
                MessageId = MessageIds.Derive(escalated.InboundMessageId, HandoverPurpose),
                To = escalated.CustomerNumber,
                From = escalated.BusinessNumber,
                Text = HandoverText.For(teamsOptions.Value, route.Team, now, wait),
                Category = SmsCategory.Conversational,
                Origin = SmsOrigin.Automation,
                InReplyTo = escalated.InboundMessageId,
                RequestedAt = now,
            }, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE conversations.escalations SET team = @Team, handed_over = true WHERE inbound_message_id = @InboundMessageId;
                UPDATE conversations.conversations SET routed_by = @Why WHERE id = @Id
                """, new { Team = route.Team.Name, escalated.InboundMessageId, route.Why, Id = id }, transaction, cancellationToken: cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
        if (transition.State is { Owner: ConversationOwner.People, Assignee: null, Team: { } team })
            await DrainTeamAsync(team, cancellationToken);
        return new EscalationOutcome(true, transition.TellCustomer ? route.Team.Name : null, transition.TellCustomer);
    }

    /// <summary>What an escalation stored earlier did (a redelivery answers the same, for the notifications it still owes).</summary>
    private static async Task<EscalationOutcome> EscalationOutcomeAsync(NpgsqlConnection connection, Guid inboundMessageId, bool changed, CancellationToken cancellationToken)
    {
        var stored = await connection.QuerySingleOrDefaultAsync<(string? Team, bool HandedOver)>(new CommandDefinition(
            "SELECT team, handed_over FROM conversations.escalations WHERE inbound_message_id = @Id", new { Id = inboundMessageId },
            cancellationToken: cancellationToken));
        return new EscalationOutcome(changed, stored.Team, stored.HandedOver);
    }

    /// <summary>Assigns the conversation to an agent (null: to its team's queue, or to <paramref name="team"/>'s).</summary>
    public Task<ActionOutcome> AssignAsync(Guid id, string? agent, string? team, CancellationToken cancellationToken) =>
        ActAsync(id, new ConversationEvent.Assigned(agent, team), cancellationToken);

    /// <summary>Resolves it; with <c>Inbox:Csat:Enabled</c> the customer is asked to rate it, once per resolution.</summary>
    public Task<ActionOutcome> ResolveAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, new ConversationEvent.Resolved(), cancellationToken);

    public Task<ActionOutcome> ReopenAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, new ConversationEvent.Reopened(), cancellationToken);

    /// <summary>Reopens to people inside the caller's transaction (a low satisfaction score).</summary>
    internal static Task ReopenInTransactionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, DateTimeOffset at, CancellationToken cancellationToken) =>
        ApplyAsync(connection, transaction, id, new ConversationEvent.Reopened(), at, cancellationToken);

    public Task<ActionOutcome> ReturnToAutomationAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, new ConversationEvent.ReturnedToAutomation(), cancellationToken);

    /// <summary>
    /// An agent's reply, inside the transaction that stores it: the conversation waiting on an agent is open again,
    /// and an agent who writes to a customer nobody was assigned to takes the conversation.
    /// </summary>
    /// <remarks>A reply sent with an API key (an upstream system, not an agent) gives the conversation to people unassigned.</remarks>
    internal async Task AgentRepliedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid conversationId, string sentBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var agent = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT username FROM conversations.agents WHERE username = @SentBy", new { SentBy = sentBy }, transaction, cancellationToken: cancellationToken));
        await ApplyAsync(connection, transaction, conversationId, new ConversationEvent.AgentReplied(agent), at, cancellationToken);
    }

    /// <summary>Marks an agent away (no new conversations) or available; available again, their teams' queues are drained.</summary>
    public async Task<bool> SetAwayAsync(string username, bool away, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE conversations.agents SET away = @Away WHERE username = @Username", new { Username = username, Away = away },
            cancellationToken: cancellationToken)) > 0;
        if (changed && !away)
            await DrainTeamsAsync(cancellationToken);
        return changed;
    }

    /// <summary>
    /// A disabled agent's open conversations (people own them, not resolved) go back to their team's queue, unassigned,
    /// and each queue is drained at once: another member with room takes them, else they wait for one as any queued
    /// conversation does. Resolved conversations keep the agent (the metrics count resolutions per agent). Returns how
    /// many went back.
    /// </summary>
    public async Task<int> ReleaseAgentAsync(string username, CancellationToken cancellationToken)
    {
        IReadOnlyList<Guid> held;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            held = (await connection.QueryAsync<Guid>(new CommandDefinition("""
                SELECT id FROM conversations.conversations
                WHERE assignee = @Username AND owner = 'people' AND status <> 'resolved'
                ORDER BY last_message_at
                """, new { Username = username }, cancellationToken: cancellationToken))).AsList();
        }
        foreach (var id in held)
            await ActAsync(id, new ConversationEvent.Assigned(null), cancellationToken);
        return held.Count;
    }

    /// <summary>
    /// Gives back to the automation every conversation people own in which neither the customer nor an agent wrote for
    /// <see cref="HandoffOptions.IdleTimeout"/>; returns how many. Run by <c>Background/HandoffSweeper</c>.
    /// </summary>
    public async Task<int> ReturnIdleAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow() - handoffOptions.Value.IdleTimeout;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var idle = (await connection.QueryAsync<Guid>(new CommandDefinition("""
            SELECT id FROM conversations.conversations
            WHERE owner = 'people' AND status <> 'resolved' AND last_message_at < @Before
              AND (owner_changed_at IS NULL OR owner_changed_at < @Before)
            ORDER BY last_message_at LIMIT 100
            """, new { Before = Utc(before) }, cancellationToken: cancellationToken))).AsList();
        foreach (var id in idle)
            await ActAsync(id, new ConversationEvent.Idle(), cancellationToken);
        return idle.Count;
    }

    /// <summary>Assigns what waits in every team's queue to members with room (Background/HandoffSweeper; after an agent frees up).</summary>
    public async Task<int> DrainTeamsAsync(CancellationToken cancellationToken)
    {
        var assigned = 0;
        foreach (var team in teams.Teams)
            assigned += await DrainTeamAsync(team.Name, cancellationToken);
        return assigned;
    }

    /// <summary>
    /// One team's queue drained in a transaction of its own, after the change that may have freed room committed: a
    /// drain locks the team's round-robin row and then conversations, while every other change locks one conversation
    /// and no team, so the two cannot wait on each other in a circle.
    /// </summary>
    private async Task<int> DrainTeamAsync(string team, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var assigned = await DrainAsync(connection, transaction, team, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return assigned;
    }

    /// <summary>One agent action as one transaction; the teams' queues are drained after, as the action may have freed room.</summary>
    private async Task<ActionOutcome> ActAsync(Guid id, ConversationEvent @event, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (@event is ConversationEvent.Assigned { Agent: { } agent }
            && await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT count(*) FROM conversations.agents WHERE username = @Agent AND disabled_at IS NULL", new { Agent = agent }, transaction, cancellationToken: cancellationToken)) == 0)
            return ActionOutcome.UnknownAgent;
        if (@event is ConversationEvent.Assigned { Team: { } named } && teams.Find(named) is null)
            return ActionOutcome.UnknownTeam;
        var before = await LockStateAsync(connection, transaction, id, cancellationToken);
        if (before is null)
            return ActionOutcome.NotFound;
        // A conversation no team has had goes to the default team's people.
        if (@event is ConversationEvent.Assigned { Team: null } assigned && before.State.Team is null)
            @event = assigned with { Team = teams.Default.Name };
        var now = clock.GetUtcNow();
        var transition = await ApplyAsync(connection, transaction, id, @event, now, cancellationToken, before);
        if (@event is ConversationEvent.Resolved && Csat.CsatSurveys.ShouldAsk(csatOptions.Value, before.State.Status))
            await AskForRatingAsync(connection, transaction, id, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var team in new[] { before.State.Team, transition.State.Team }.OfType<string>().Distinct())
            await DrainTeamAsync(team, cancellationToken);
        return ActionOutcome.Done;
    }

    /// <summary>
    /// The satisfaction survey of a resolution (<see cref="Csat.CsatSurveys.Survey"/>), to the outbox in the resolve's
    /// transaction: the customer is asked once per resolution, and a crash after the resolve loses no survey.
    /// </summary>
    private async Task AskForRatingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var resolution = await connection.QuerySingleAsync<Csat.Resolution>(new CommandDefinition("""
            SELECT id AS ConversationId, customer_number AS CustomerNumber, business_number AS BusinessNumber,
                   COALESCE(resolved_seq, 0) AS ResolvedSeq, assignee AS Agent
            FROM conversations.conversations WHERE id = @Id
            """, new { Id = id }, transaction, cancellationToken: cancellationToken));
        await Outbox.AddAsync(connection, transaction, Csat.CsatSurveys.Survey(csatOptions.Value, resolution, at), cancellationToken);
    }

    /// <summary>
    /// Applies <paramref name="event"/> to the locked conversation by <see cref="ConversationRules"/>: writes the state
    /// it leaves, the SLA clock and the change feed, and queues the owner change it announces.
    /// </summary>
    private static async Task<ConversationTransition> ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, ConversationEvent @event, DateTimeOffset at,
        CancellationToken cancellationToken, LockedConversation? locked = null)
    {
        locked ??= await LockStateAsync(connection, transaction, id, cancellationToken)
            ?? throw new InvalidOperationException($"Conversation {id} does not exist.");
        var transition = ConversationRules.Apply(locked.State, @event);
        var state = transition.State;
        await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE conversations.conversations c SET
                status = @Status,
                owner = @Owner,
                team = @Team,
                assignee = @Assignee,
                owner_version = @Version,
                owner_changed_at = CASE WHEN @Announce THEN @At ELSE c.owner_changed_at END,
                resolved_at = CASE WHEN @Resolved THEN now() ELSE c.resolved_at END,
                resolved_seq = CASE WHEN @ClearWaiting
                    THEN (SELECT COALESCE(max(seq), 0) FROM conversations.messages WHERE conversation_id = c.id)
                    ELSE c.resolved_seq END,
                updated_at = now()
            WHERE c.id = @Id;
            {RecomputeWaitingSinceSql.Replace("@ConversationId", "@Id", StringComparison.Ordinal)};
            {ChangesSql.Replace("@ConversationId", "@Id", StringComparison.Ordinal)}
            """,
            new
            {
                Id = id, state.Status, Owner = StoredNames.Of(state.Owner), state.Team, state.Assignee, Version = state.OwnerVersion,
                Announce = transition.Announce is not null, At = Utc(at),
                Resolved = @event is ConversationEvent.Resolved, transition.ClearWaiting,
                MessageId = (Guid?)null, Kinds = new[] { ChangeKinds.Conversation },
            },
            transaction, cancellationToken: cancellationToken));
        if (transition.Announce is { } reason)
        {
            await Outbox.AddAsync(connection, transaction, new ConversationOwnerChanged
            {
                ConversationId = id,
                CustomerNumber = locked.CustomerNumber,
                BusinessNumber = locked.BusinessNumber,
                Owner = state.Owner,
                Reason = reason,
                Team = state.Owner == ConversationOwner.People ? state.Team : null,
                Agent = state.Owner == ConversationOwner.People ? state.Assignee : null,
                Version = state.OwnerVersion,
                ChangedAt = at,
            }, cancellationToken);
        }
        return transition;
    }

    /// <summary>
    /// Assigns what waits in <paramref name="team"/>'s queue to its members with room, by <see cref="AgentAssignment.Drain"/>,
    /// holding the team's round-robin row so two drains of one team run one after the other. Returns how many were assigned.
    /// </summary>
    private async Task<int> DrainAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string teamName, CancellationToken cancellationToken)
    {
        if (!handoffOptions.Value.AutoAssign || teams.Find(teamName) is not { } team)
            return 0;
        var last = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition("""
            INSERT INTO conversations.team_assignment (team) VALUES (@Team) ON CONFLICT (team) DO NOTHING;
            SELECT last_assigned FROM conversations.team_assignment WHERE team = @Team FOR UPDATE
            """, new { Team = team.Name }, transaction, cancellationToken: cancellationToken));
        var queue = (await connection.QueryAsync<QueueRow>(new CommandDefinition("""
            SELECT id AS ConversationId, escalation_priority AS Priority, COALESCE(waiting_since, escalated_at, last_message_at) AS WaitingSince
            FROM conversations.conversations
            WHERE owner = 'people' AND assignee IS NULL AND status <> 'resolved' AND team = @Team
            """, new { Team = team.Name }, transaction, cancellationToken: cancellationToken))).AsList();
        if (queue.Count == 0)
            return 0;
        var agents = await AgentStatesAsync(connection, transaction, team, cancellationToken);
        var assignments = AgentAssignment.Drain(team, queue.Select(q => q.ToQueued()), agents, last);
        if (assignments.Count == 0)
            return 0;
        // The conversations to assign, locked in the order every batch of event writes locks conversations (by
        // customer), so the two cannot wait on each other in a circle; one an agent took (or resolved) since the queue
        // was read is left as it is: the condition is checked again on the row as it is once locked.
        var stillQueued = (await connection.QueryAsync<Guid>(new CommandDefinition("""
            SELECT id FROM conversations.conversations
            WHERE id = ANY(@Ids) AND owner = 'people' AND assignee IS NULL AND status <> 'resolved' AND team = @Team
            ORDER BY customer_number, business_number
            FOR NO KEY UPDATE
            """, new { Ids = assignments.Select(a => a.ConversationId).ToArray(), Team = team.Name }, transaction, cancellationToken: cancellationToken)))
            .ToHashSet();
        assignments = assignments.Where(a => stillQueued.Contains(a.ConversationId)).ToList();
        var now = clock.GetUtcNow();
        foreach (var assignment in assignments)
            await ApplyAsync(connection, transaction, assignment.ConversationId, new ConversationEvent.Assigned(assignment.Username), now, cancellationToken);
        if (assignments.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE conversations.team_assignment SET last_assigned = @Last WHERE team = @Team",
                new { Team = team.Name, Last = assignments[^1].Username }, transaction, cancellationToken: cancellationToken));
        }
        return assignments.Count;
    }

    /// <summary>
    /// How long the team's customers waited lately for a person's first reply after being handed over: the median of
    /// the last 7 days; unknown (null) with fewer than <see cref="HandoffOptions.ExpectedWaitSamples"/> answered hand-overs.
    /// </summary>
    private async Task<TimeSpan?> ExpectedWaitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string team, CancellationToken cancellationToken)
    {
        var (median, samples) = await connection.QuerySingleAsync<(double? Median, int Samples)>(new CommandDefinition("""
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.first_reply - e.escalated_at)), count(r.first_reply)::int
            FROM conversations.escalations e
            CROSS JOIN LATERAL (
                SELECT min(m.created_at) AS first_reply FROM conversations.messages m
                WHERE m.conversation_id = e.conversation_id AND m.direction = 'outbound' AND m.origin = 'agent'
                  AND m.created_at >= e.escalated_at) r
            WHERE e.team = @Team AND e.handed_over AND e.escalated_at > now() - interval '7 days' AND r.first_reply IS NOT NULL
            """, new { Team = team }, transaction, cancellationToken: cancellationToken));
        return median is { } seconds && samples >= handoffOptions.Value.ExpectedWaitSamples ? TimeSpan.FromSeconds(seconds) : null;
    }

    private static async Task<LockedConversation?> LockStateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<StateRow>(new CommandDefinition("""
            SELECT status, owner, team, assignee, owner_version AS OwnerVersion,
                   customer_number AS CustomerNumber, business_number AS BusinessNumber
            FROM conversations.conversations WHERE id = @Id FOR NO KEY UPDATE
            """, new { Id = id }, transaction, cancellationToken: cancellationToken));
        return row?.ToLocked();
    }

    private sealed record LockedConversation(ConversationState State, string CustomerNumber, string BusinessNumber);

    private sealed class StateRow
    {
        public required string Status { get; init; }
        public required string Owner { get; init; }
        public string? Team { get; init; }
        public string? Assignee { get; init; }
        public long OwnerVersion { get; init; }
        public required string CustomerNumber { get; init; }
        public required string BusinessNumber { get; init; }

        public LockedConversation ToLocked() => new(
            new ConversationState(Status, Owner == "people" ? ConversationOwner.People : ConversationOwner.Automation, Team, Assignee, OwnerVersion),
            CustomerNumber, BusinessNumber);
    }

    private sealed class QueueRow
    {
        public Guid ConversationId { get; init; }
        public string? Priority { get; init; }
        public DateTime WaitingSince { get; init; }

        public QueuedConversation ToQueued() => new(
            ConversationId,
            Priority switch { "urgent" => EscalationPriority.Urgent, "high" => EscalationPriority.High, _ => EscalationPriority.Normal },
            new DateTimeOffset(DateTime.SpecifyKind(WaitingSince, DateTimeKind.Utc)));
    }
}
