using Dapper;
using Npgsql;
using Sms.Conversations.Threads;

namespace Sms.Conversations.Data;

/// <summary>The kinds of <c>conversations.changes</c> rows: the event names of <c>GET /v1/events</c>.</summary>
public static class ChangeKinds
{
    public const string Conversation = "conversation";
    public const string Message = "message";
    public const string Status = "status";
}

/// <summary>
/// The SQL and helpers that <see cref="ThreadProjection"/>, <see cref="InboxQueries"/> and <see cref="AgentActions"/>
/// share: the advisory locks on an outbound message, the contact row, the SLA clock, the change feed, the status
/// timeline and the parts of a sent message. Each statement takes part in its caller's transaction.
/// </summary>
public static class ConversationSql
{
    /// <summary>
    /// Serialises the writers of one outbound message's status (see <see cref="ThreadProjection"/>). Locks are taken in
    /// the order of their keys, the same in every transaction, so two writers never wait on each other in a circle.
    /// </summary>
    internal static Task LockAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid? messageId,
        IEnumerable<string> providerMessageIds, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            LockSql, new { Keys = LockKeys(messageId, providerMessageIds) }, transaction, cancellationToken: cancellationToken));

    /// <summary>The statement of <see cref="LockAsync"/>; parameter <c>@Keys</c> (<see cref="LockKeys"/>).</summary>
    internal const string LockSql = """
        SELECT pg_advisory_xact_lock(key)
        FROM (SELECT DISTINCT hashtextextended('conversations:' || k, 0) AS key FROM unnest(@Keys) AS k ORDER BY 1) AS ordered
        """;

    internal static string[] LockKeys(Guid? messageId, IEnumerable<string> providerMessageIds)
    {
        var keys = providerMessageIds.Select(id => $"provider-message:{id}").ToList();
        if (messageId is { } id)
            keys.Add($"message:{id:N}");
        return keys.ToArray();
    }

    internal static List<(string ProviderMessageId, PartState? State)> PartsOf(IEnumerable<string> providerMessageIds, IEnumerable<ReceiptRow> receipts)
    {
        var parts = providerMessageIds.Distinct(StringComparer.Ordinal).ToList();
        var states = new Dictionary<string, PartState?>(StringComparer.Ordinal);
        foreach (var id in parts)
            states[id] = null;
        var foreign = new List<string>();
        foreach (var receipt in receipts)
        {
            if (!states.TryGetValue(receipt.ProviderMessageId, out var current))
                foreign.Add(receipt.ProviderMessageId);
            states[receipt.ProviderMessageId] = receipt.ToPartState() is { } incoming ? PartDelivery.Advance(current, incoming) : current;
        }

        var result = parts.Select(id => (ProviderMessageId: id, State: states[id])).ToList();
        foreach (var id in foreign)
        {
            var slot = result.FindIndex(p => p.State is null);
            if (slot >= 0)
                result[slot] = (result[slot].ProviderMessageId, states[id]);
            else
                result.Add((id, states[id]));
        }
        return result;
    }

    /// <summary>Creates the customer's contact row unless it exists. Parameter: <c>@Number</c>.</summary>
    internal const string EnsureContactSql = "INSERT INTO conversations.contacts (number) VALUES (@Number) ON CONFLICT (number) DO NOTHING";

    internal static Task EnsureContactAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string number, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(EnsureContactSql, new { Number = number }, transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// The SLA clock, recomputed from the messages so the order events arrive in does not matter: the time of the oldest
    /// customer message stored since the last resolution that neither automation nor compliance handled and that no
    /// agent reply (one not suppressed or failed) was stored after; NULL when there is none or the conversation is
    /// resolved. "Since" and "after" go by storage order (seq), not by the senders' clocks.
    /// </summary>
    internal static Task RecomputeWaitingSinceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid conversationId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            RecomputeWaitingSinceSql, new { ConversationId = conversationId }, transaction, cancellationToken: cancellationToken));

    /// <summary>The statement of <see cref="RecomputeWaitingSinceAsync"/>; parameter <c>@ConversationId</c>.</summary>
    internal const string RecomputeWaitingSinceSql = $"""
        UPDATE conversations.conversations c
        SET waiting_since = CASE WHEN c.status = 'resolved' THEN NULL ELSE {WaitingSinceOfOpen} END
        WHERE c.id = @ConversationId
        """;

    /// <summary>
    /// The SLA clock of a conversation that is not resolved (see <see cref="RecomputeWaitingSinceAsync"/>), as an
    /// expression over the row <c>c</c> of <c>conversations.conversations</c> being updated.
    /// </summary>
    internal const string WaitingSinceOfOpen = """
        (SELECT min(m.created_at) FROM conversations.messages m
         WHERE m.conversation_id = c.id AND m.direction = 'inbound' AND m.handled_by IS NULL AND m.text IS NOT NULL
           AND m.seq > COALESCE(c.resolved_seq, 0)
           AND m.seq > COALESCE((
               SELECT max(a.seq) FROM conversations.messages a
               WHERE a.conversation_id = c.id AND a.direction = 'outbound' AND a.origin = 'agent'
                 AND a.status NOT IN ('suppressed', 'failed')), 0))
        """;

    /// <summary>Adds rows to the change feed of <c>GET /v1/events</c>, in the transaction of the change.</summary>
    internal static Task ChangedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid conversationId, Guid? messageId,
        CancellationToken cancellationToken, params string[] kinds) =>
        connection.ExecuteAsync(new CommandDefinition(
            ChangesSql, new { ConversationId = conversationId, MessageId = messageId, Kinds = kinds }, transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// The change feed rows of one change, in the order of <c>@Kinds</c>; parameters <c>@ConversationId</c>,
    /// <c>@MessageId</c> (NULL on conversation rows) and <c>@Kinds</c>. Also appended to other statements of a write
    /// so they go in one round trip.
    /// </summary>
    internal const string ChangesSql = """
        INSERT INTO conversations.changes (kind, conversation_id, message_id)
        SELECT kind, @ConversationId, CASE WHEN kind = 'conversation' THEN NULL ELSE @MessageId END
        FROM unnest(@Kinds) WITH ORDINALITY AS k(kind, n) ORDER BY n
        """;

    /// <summary>A step of the message's status timeline (besides carrier receipts), once per status.</summary>
    internal static Task RecordMessageEventAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid messageId, string status, string? detail,
        DateTimeOffset at, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            MessageEventSql, new { MessageId = messageId, Status = status, Detail = detail, At = Utc(at) }, transaction, cancellationToken: cancellationToken));

    /// <summary>The statement of <see cref="RecordMessageEventAsync"/>; parameters <c>@MessageId, @Status, @Detail, @At</c>.</summary>
    internal const string MessageEventSql = """
        INSERT INTO conversations.message_events (message_id, status, detail, at) VALUES (@MessageId, @Status, @Detail, @At)
        ON CONFLICT (message_id, status) DO NOTHING
        """;

    /// <summary>PostgreSQL's timestamptz takes UTC offsets only.</summary>
    internal static DateTimeOffset Utc(DateTimeOffset value) => value.ToUniversalTime();

    /// <summary>
    /// A team's members (every agent for the implicit team), each signed in or not (a live inbox session), away or not,
    /// and how many open conversations people own that are assigned to them: what assignment decides by. A disabled
    /// agent is no member: assignment never gives them a conversation, and the team's view does not list them.
    /// </summary>
    internal static async Task<IReadOnlyList<Teams.AgentState>> AgentStatesAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Teams.Team team, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<(string Username, bool SignedIn, bool Away, int Open)>(new CommandDefinition("""
            SELECT a.username,
                   EXISTS (SELECT 1 FROM conversations.agent_sessions s WHERE s.username = a.username AND s.expires_at > now()),
                   a.away,
                   (SELECT count(*)::int FROM conversations.conversations c
                    WHERE c.assignee = a.username AND c.owner = 'people' AND c.status <> 'resolved')
            FROM conversations.agents a
            WHERE (@Every OR a.username = ANY(@Members)) AND a.disabled_at IS NULL
            ORDER BY a.username
            """, new { Every = team.EveryAgent, Members = team.Members.ToArray() }, transaction, cancellationToken: cancellationToken)))
        .Select(a => new Teams.AgentState { Username = a.Username, SignedIn = a.SignedIn, Away = a.Away, OpenConversations = a.Open })
        .ToList();

    internal sealed class ReceiptRow
    {
        public required string ProviderMessageId { get; init; }
        public Guid? MessageId { get; init; }
        public required string Status { get; init; }
        public string? ErrorCode { get; init; }

        public PartState? ToPartState() =>
            PartDelivery.Parse(Status) is { } status ? new PartState(status, ErrorCode) : null;
    }
}
