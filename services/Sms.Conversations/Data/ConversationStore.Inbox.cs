using Dapper;
using Npgsql;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;
using Sms.Conversations.Threads;

namespace Sms.Conversations.Data;

/// <summary>The kinds of <c>conversations.changes</c> rows: the event names of <c>GET /v1/events</c>.</summary>
public static class ChangeKinds
{
    public const string Conversation = "conversation";
    public const string Message = "message";
    public const string Status = "status";
}

/// <summary>The inbox's writes: agent replies, deferrals, consent, contact profiles, and the helpers every write shares.</summary>
public sealed partial class ConversationStore
{
    /// <summary>
    /// An agent's reply, before Compliance decides it: shown at once as <c>pending</c>. Stored under the id the
    /// <c>SendSms</c> carries, so its SmsSent / SmsSuppressed completes this row. An agent has answered: a conversation
    /// waiting on an agent is open again, and its SLA clock stops until the customer writes again.
    /// </summary>
    public async Task RecordPendingReplyAsync(Guid conversationId, SendSms request, string sentBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, request.MessageId, [], cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO conversations.messages
                (message_id, conversation_id, direction, customer_number, business_number, text, category, origin,
                 status, in_reply_to, sent_by, created_at)
            VALUES (@MessageId, @ConversationId, 'outbound', @To, @From, @Text, @Category, 'agent',
                    'pending', @InReplyTo, @SentBy, @At)
            ON CONFLICT (message_id) DO NOTHING
            """,
            new
            {
                request.MessageId, ConversationId = conversationId, request.To, request.From, request.Text,
                Category = StoredNames.Of(request.Category), request.InReplyTo, SentBy = sentBy, At = Utc(at),
            },
            transaction, cancellationToken: cancellationToken));
        if (inserted == 0)
            return;
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE conversations.conversations
            SET last_message_at = GREATEST(last_message_at, @At),
                status = CASE WHEN status = 'waiting_on_agent' THEN 'open' ELSE status END,
                updated_at = now()
            WHERE id = @ConversationId
            """, new { ConversationId = conversationId, At = Utc(at) }, transaction, cancellationToken: cancellationToken));
        await RecordMessageEventAsync(connection, transaction, request.MessageId, MessageStatuses.Pending, null, at, cancellationToken);
        await RecomputeWaitingSinceAsync(connection, transaction, conversationId, cancellationToken);
        await ChangedAsync(connection, transaction, conversationId, request.MessageId, cancellationToken, ChangeKinds.Message, ChangeKinds.Conversation);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Compliance holds a send until the recipient's quiet hours end: the thread shows it as deferred, and until when.</summary>
    public Task<bool> RecordDeferredAsync(SmsDeferred deferred, CancellationToken cancellationToken) =>
        RecordUnsentAsync(
            deferred.Request,
            new MessageState(MessageStatuses.Deferred, $"{deferred.Detail} (until {deferred.DeferredUntil.UtcDateTime:yyyy-MM-dd HH:mm} UTC)"),
            provider: null,
            deferred.DeferredAt,
            cancellationToken);

    /// <summary>The consent state Compliance reported; an older report arriving late changes nothing.</summary>
    public async Task<bool> RecordConsentAsync(
        string number, string state, string scope, ConsentSource source, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO conversations.contacts AS c (number, consent_state, consent_scope, consent_source, consent_changed_at)
            VALUES (@Number, @State, @Scope, @Source, @At)
            ON CONFLICT (number) DO UPDATE SET
                consent_state = EXCLUDED.consent_state,
                consent_scope = EXCLUDED.consent_scope,
                consent_source = EXCLUDED.consent_source,
                consent_changed_at = EXCLUDED.consent_changed_at,
                updated_at = now()
            WHERE c.consent_changed_at IS NULL OR c.consent_changed_at < EXCLUDED.consent_changed_at
            """,
            new { Number = number, State = state, Scope = scope, Source = StoredNames.Of(source), At = Utc(at) },
            cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Adds the change's labels and engagement points to the contact, once per <c>ChangeId</c>.</summary>
    public Task<bool> ApplyProfileChangeAsync(ContactProfileChanged change, CancellationToken cancellationToken) =>
        InTransactionAsync(change, ApplyProfileChangeAsync, cancellationToken);

    /// <summary>Applies profile changes in one transaction (see <see cref="InOneTransactionAsync{T}"/>).</summary>
    public Task<IReadOnlyList<bool>> ApplyProfileChangeAsync(IReadOnlyList<ContactProfileChanged> changes, CancellationToken cancellationToken) =>
        InOneTransactionAsync(changes, c => c.CustomerNumber, ApplyProfileChangeAsync, cancellationToken);

    private static async Task<bool> ApplyProfileChangeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ContactProfileChanged change, CancellationToken cancellationToken)
    {
        // One statement: the change is recorded once (its id), and only a first time adds to the contact (created
        // unless it exists) and to the change feed of the conversation, when there is one.
        var first = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            WITH first AS (
                INSERT INTO conversations.contact_profile_changes (change_id, customer_number) VALUES (@ChangeId, @CustomerNumber)
                ON CONFLICT (change_id) DO NOTHING
                RETURNING change_id),
            contact AS (
                INSERT INTO conversations.contacts AS c (number, labels, engagement_score)
                SELECT @CustomerNumber, ARRAY(SELECT DISTINCT unnest(@Labels::text[]) ORDER BY 1), @Points FROM first
                ON CONFLICT (number) DO UPDATE SET
                    labels = ARRAY(SELECT DISTINCT unnest(c.labels || EXCLUDED.labels) ORDER BY 1),
                    engagement_score = c.engagement_score + EXCLUDED.engagement_score,
                    updated_at = now()),
            feed AS (
                INSERT INTO conversations.changes (kind, conversation_id, message_id)
                SELECT 'conversation', c.id, NULL FROM conversations.conversations c, first
                WHERE c.customer_number = @CustomerNumber AND c.business_number = @BusinessNumber)
            SELECT count(*) FROM first
            """,
            new
            {
                change.ChangeId, change.CustomerNumber, change.BusinessNumber,
                Labels = change.AddLabels.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => Storable(l)).ToArray(), Points = change.EngagementPoints,
            },
            transaction, cancellationToken: cancellationToken));
        return first > 0;
    }

    /// <summary>Creates the customer's contact row unless it exists. Parameter: <c>@Number</c>.</summary>
    private const string EnsureContactSql = "INSERT INTO conversations.contacts (number) VALUES (@Number) ON CONFLICT (number) DO NOTHING";

    private static Task EnsureContactAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string number, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(EnsureContactSql, new { Number = number }, transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// A mark on an inbound message (automation or compliance handled it): it no longer waits for an agent. Its
    /// conversation's SLA clock and change feed, in one round trip.
    /// </summary>
    private static Task AfterMarkAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid conversationId, Guid inboundMessageId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition($"""
            {LockConversationSql};
            {RecomputeWaitingSinceSql};
            {ChangesSql}
            """,
            new { ConversationId = conversationId, MessageId = inboundMessageId, Kinds = new[] { ChangeKinds.Status, ChangeKinds.Conversation } },
            transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// The SLA clock, recomputed from the messages so the order events arrive in does not matter: the time of the oldest
    /// customer message stored since the last resolution that neither automation nor compliance handled and that no
    /// agent reply (one not suppressed or failed) was stored after; NULL when there is none or the conversation is
    /// resolved. "Since" and "after" go by storage order (seq), not by the senders' clocks.
    /// </summary>
    internal static Task RecomputeWaitingSinceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid conversationId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            RecomputeWaitingSinceSql, new { ConversationId = conversationId }, transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Locks the conversation's row (parameter <c>@ConversationId</c>) ahead of a statement that recomputes from its
    /// messages. In READ COMMITTED each statement reads a snapshot taken when it starts: an UPDATE that first waits for
    /// the row's lock would still read the messages as they were before it waited, and miss what the writer it waited
    /// for (a mark on another message) committed. NO KEY UPDATE, as an UPDATE takes: messages referencing the row can
    /// still be inserted meanwhile.
    /// </summary>
    private const string LockConversationSql =
        "SELECT 1 FROM conversations.conversations WHERE id = @ConversationId FOR NO KEY UPDATE";

    /// <summary>The statement of <see cref="RecomputeWaitingSinceAsync"/>; parameter <c>@ConversationId</c>.</summary>
    private const string RecomputeWaitingSinceSql = $"""
        UPDATE conversations.conversations c
        SET waiting_since = CASE WHEN c.status = 'resolved' THEN NULL ELSE {WaitingSinceOfOpen} END
        WHERE c.id = @ConversationId
        """;

    /// <summary>
    /// The SLA clock of a conversation that is not resolved (see <see cref="RecomputeWaitingSinceAsync"/>), as an
    /// expression over the row <c>c</c> of <c>conversations.conversations</c> being updated.
    /// </summary>
    private const string WaitingSinceOfOpen = """
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
    private const string ChangesSql = """
        INSERT INTO conversations.changes (kind, conversation_id, message_id)
        SELECT kind, @ConversationId, CASE WHEN kind = 'conversation' THEN NULL ELSE @MessageId END
        FROM unnest(@Kinds) WITH ORDINALITY AS k(kind, n) ORDER BY n
        """;

    /// <summary>A step of the message's status timeline (besides carrier receipts), once per status.</summary>
    private static Task RecordMessageEventAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid messageId, string status, string? detail,
        DateTimeOffset at, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            MessageEventSql, new { MessageId = messageId, Status = status, Detail = detail, At = Utc(at) }, transaction, cancellationToken: cancellationToken));

    /// <summary>The statement of <see cref="RecordMessageEventAsync"/>; parameters <c>@MessageId, @Status, @Detail, @At</c>.</summary>
    private const string MessageEventSql = """
        INSERT INTO conversations.message_events (message_id, status, detail, at) VALUES (@MessageId, @Status, @Detail, @At)
        ON CONFLICT (message_id, status) DO NOTHING
        """;
}
