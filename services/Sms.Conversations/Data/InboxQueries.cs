using System.Text;
using Dapper;
using Npgsql;
using Sms.Conversations.Http;
using Sms.Conversations.Threads;
using static Sms.Conversations.Data.ConversationSql;

namespace Sms.Conversations.Data;

/// <summary>The inbox's reads: the conversation list, a conversation, its contact, prompts and thread, and a message.</summary>
public sealed class InboxQueries(NpgsqlDataSource dataSource, Handoff.SlaClock? sla = null)
{
    private const string SummaryColumns = """
        c.id, c.customer_number AS CustomerNumber, c.business_number AS BusinessNumber, c.status,
        c.escalation_reason AS EscalationReason, c.escalation_priority AS EscalationPriority, c.last_message_at AS LastMessageAt,
        c.assignee, c.flagged, c.labels, c.unread_count AS UnreadCount, c.waiting_since AS WaitingSince,
        c.owner, c.team, c.routed_by AS RoutedBy,
        c.csat_score::int AS CsatScore, c.csat_answered_at AS CsatAnsweredAt,
        ct.name AS ContactName,
        (SELECT count(*) FROM conversations.messages m WHERE m.conversation_id = c.id) AS MessageCount,
        (SELECT m.text FROM conversations.messages m
         WHERE m.conversation_id = c.id AND m.text IS NOT NULL
         ORDER BY m.created_at DESC, m.seq DESC LIMIT 1) AS LastMessagePreview
        """;

    /// <summary>
    /// Conversations matching the filters, most recent activity first, <c>limit</c> of them after the cursor. Each
    /// filter is added only when given, so the planner sees a plain predicate that its index serves (see V0003).
    /// </summary>
    public async Task<IReadOnlyList<ConversationRow>> ListConversationsAsync(ConversationListQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var search = SearchShape.None;
        if (query.Search is not null)
        {
            // How common the text is decides how to search (see SearchShape); counting stops at CommonTextMatches.
            var matches = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM (SELECT 1 FROM conversations.messages WHERE text ILIKE @Like LIMIT @Enough) AS found",
                new { Like = LikePattern(query.Search), Enough = CommonTextMatches }, cancellationToken: cancellationToken));
            search = matches >= CommonTextMatches ? SearchShape.CommonText : SearchShape.RareText;
        }
        var (sql, parameters) = ListCommand(query, search);
        var rows = (await connection.QueryAsync<ConversationRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).AsList();
        rows.ForEach(WithSla);
        return rows;
    }

    /// <summary>The SLA clock in the business time of the conversation's team (<see cref="Handoff.SlaClock"/>).</summary>
    private void WithSla(ConversationRow row)
    {
        if (sla?.Waiting(row.Team, row.WaitingSince is { } since ? new DateTimeOffset(DateTime.SpecifyKind(since, DateTimeKind.Utc)) : null) is { } waiting)
            row.WaitingBusinessSeconds = (long)waiting.TotalSeconds;
    }

    /// <summary>Messages whose text matches a search, from which on the text counts as common.</summary>
    internal const int CommonTextMatches = 1_000;

    /// <summary>
    /// Two ways to find conversations by <c>?q=</c>, each fast where the other is slow (measured over a million
    /// messages with <c>Sms.Benchmark inbox-queries</c>). <see cref="RareText"/>: collect the few conversations whose
    /// number, contact name or messages match through the trigram indexes, then sort them. <see cref="CommonText"/>:
    /// walk the conversations newest first and test each, which stops after a page because matches are everywhere
    /// (collecting them all first would read every matching message).
    /// </summary>
    internal enum SearchShape
    {
        None,
        RareText,
        CommonText,
    }

    /// <summary>The SQL of <see cref="ListConversationsAsync(ConversationListQuery, CancellationToken)"/>.</summary>
    internal static (string Sql, DynamicParameters Parameters) ListCommand(ConversationListQuery query, SearchShape search = SearchShape.None)
    {
        var sql = new StringBuilder($"""
            SELECT {SummaryColumns}
            FROM conversations.conversations c
            LEFT JOIN conversations.contacts ct ON ct.number = c.customer_number
            WHERE true
            """);
        var parameters = new DynamicParameters();
        if (query.Status is not null)
        {
            sql.Append(" AND c.status = @Status");
            parameters.Add("Status", query.Status);
        }
        if (query.Assignee == ConversationListQuery.Unassigned)
            sql.Append(" AND c.assignee IS NULL");
        else if (query.Assignee is not null)
        {
            sql.Append(" AND c.assignee = @Assignee");
            parameters.Add("Assignee", query.Assignee);
        }
        if (query.Team is not null)
        {
            sql.Append(" AND c.team = @Team");
            parameters.Add("Team", query.Team);
        }
        if (query.Label is not null)
        {
            sql.Append(" AND c.labels @> ARRAY[@Label]::text[]");
            parameters.Add("Label", query.Label);
        }
        if (query.FlaggedOnly)
            sql.Append(" AND c.flagged");
        if (query.Search is not null && search == SearchShape.CommonText)
        {
            // OFFSET 0 keeps the test per conversation (an index probe of its few messages) instead of a hash of
            // every matching message's conversation.
            sql.Append("""
                 AND (c.customer_number LIKE @Like OR ct.name ILIKE @Like
                      OR EXISTS (SELECT 1 FROM conversations.messages m WHERE m.conversation_id = c.id AND m.text ILIKE @Like OFFSET 0))
                """);
            parameters.Add("Like", LikePattern(query.Search));
        }
        else if (query.Search is not null)
        {
            sql.Append("""
                 AND c.id IN (
                     SELECT n.id FROM conversations.conversations n WHERE n.customer_number LIKE @Like
                     UNION ALL
                     SELECT k.id FROM conversations.contacts named
                     JOIN conversations.conversations k ON k.customer_number = named.number WHERE named.name ILIKE @Like
                     UNION ALL
                     SELECT m.conversation_id FROM conversations.messages m WHERE m.text ILIKE @Like)
                """);
            parameters.Add("Like", LikePattern(query.Search));
        }
        if (query.Cursor is { } cursor && cursor.TryGetId(out var afterId))
        {
            sql.Append(" AND (c.last_message_at, c.id) < (@BeforeAt, @BeforeId)");
            parameters.Add("BeforeAt", cursor.At.ToUniversalTime());
            parameters.Add("BeforeId", afterId);
        }
        else if (query.Before is { } before)
        {
            sql.Append(" AND c.last_message_at < @BeforeAt");
            parameters.Add("BeforeAt", before.ToUniversalTime());
        }
        sql.Append(" ORDER BY c.last_message_at DESC, c.id DESC LIMIT @Limit");
        parameters.Add("Limit", query.Limit);
        return (sql.ToString(), parameters);
    }

    /// <summary>Conversations, most recent activity first; <paramref name="before"/> pages on <c>last_message_at</c>.</summary>
    public Task<IReadOnlyList<ConversationRow>> ListConversationsAsync(
        string? status, int limit, DateTimeOffset? before, CancellationToken cancellationToken) =>
        ListConversationsAsync(new ConversationListQuery(status, limit, before), cancellationToken);

    public async Task<ConversationRow?> GetConversationAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ConversationRow>(new CommandDefinition($"""
            SELECT {SummaryColumns}
            FROM conversations.conversations c
            LEFT JOIN conversations.contacts ct ON ct.number = c.customer_number
            WHERE c.id = @Id
            """, new { Id = id }, cancellationToken: cancellationToken));
        if (row is not null)
            WithSla(row);
        return row;
    }

    /// <summary>
    /// The contact with its consent per brand and purpose, or an empty one (consent unknown) when nothing is stored
    /// about the number.
    /// </summary>
    public async Task<ContactRow> GetContactAsync(string number, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var contact = await connection.QuerySingleOrDefaultAsync<ContactRow>(new CommandDefinition("""
            SELECT number, name, attributes::text AS Attributes, labels, engagement_score AS EngagementScore,
                   consent_state AS ConsentState, consent_scope AS ConsentScope, consent_source AS ConsentSource,
                   consent_changed_at AS ConsentChangedAt
            FROM conversations.contacts WHERE number = @Number
            """, new { Number = number }, cancellationToken: cancellationToken));
        if (contact is null)
            return new ContactRow { Number = number };
        contact.Consents = (await connection.QueryAsync<ContactConsentRow>(new CommandDefinition("""
            SELECT scope, purpose, state, source, rule, changed_at AS ChangedAt
            FROM conversations.contact_consents WHERE number = @Number
            ORDER BY scope, purpose
            """, new { Number = number }, cancellationToken: cancellationToken))).AsList();
        return contact;
    }

    /// <summary>The prompts sent in the conversation, newest first.</summary>
    public async Task<IReadOnlyList<PromptRow>> GetPromptsAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<PromptRow>(new CommandDefinition("""
            SELECT prompt_message_id AS PromptMessageId, session_type AS SessionType, campaign_id AS CampaignId,
                   options::text AS Options, context::text AS Context, sent_at AS SentAt
            FROM conversations.prompts WHERE conversation_id = @Id ORDER BY sent_at DESC LIMIT 50
            """, new { Id = conversationId }, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>
    /// One page of a conversation's thread, oldest first: the <paramref name="limit"/> messages before the cursor
    /// (newest page when null), each with its parts and status timeline. <c>hasMore</c>: older messages remain.
    /// </summary>
    public async Task<(IReadOnlyList<MessageRow> Messages, bool HasMore)> GetConversationThreadAsync(
        Guid conversationId, int limit, PageCursor? before, CancellationToken cancellationToken)
    {
        long seq = 0;
        var hasCursor = before is { } cursor && cursor.TryGetSeq(out seq);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<MessageRow>(new CommandDefinition(ThreadSql(hasCursor),
            new { ConversationId = conversationId, BeforeAt = before?.At.ToUniversalTime(), BeforeSeq = seq, Take = limit + 1 },
            cancellationToken: cancellationToken))).AsList();
        var hasMore = rows.Count > limit;
        var page = rows.Take(limit).Reverse().ToList();
        await AttachPartsAsync(connection, page, cancellationToken);
        await AttachTimelinesAsync(connection, page, cancellationToken);
        await AttachAttachmentsAsync(connection, page, cancellationToken);
        return (page, hasMore);
    }

    /// <summary>The SQL of one thread page: the newest <c>@Take</c> messages before the cursor, newest first.</summary>
    internal static string ThreadSql(bool hasCursor) => $"""
        SELECT message_id AS MessageId, seq, conversation_id AS ConversationId, direction, text,
               customer_number AS CustomerNumber, business_number AS BusinessNumber, category, origin, status,
               status_detail AS StatusDetail, provider_message_ids AS ProviderMessageIds, segments, encoding,
               in_reply_to AS InReplyTo, handled_by AS HandledBy, action, sent_by AS SentBy, created_at AS CreatedAt
        FROM conversations.messages
        WHERE conversation_id = @ConversationId
          {(hasCursor ? "AND (created_at, seq) < (@BeforeAt, @BeforeSeq)" : "")}
        ORDER BY created_at DESC, seq DESC
        LIMIT @Take
        """;

    /// <summary>One message as the thread shows it, or null.</summary>
    public async Task<MessageRow?> GetMessageAsync(Guid messageId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<MessageRow>(new CommandDefinition("""
            SELECT message_id AS MessageId, seq, conversation_id AS ConversationId, direction, text,
                   customer_number AS CustomerNumber, business_number AS BusinessNumber, category, origin, status,
                   status_detail AS StatusDetail, provider_message_ids AS ProviderMessageIds, segments, encoding,
                   in_reply_to AS InReplyTo, handled_by AS HandledBy, action, sent_by AS SentBy, created_at AS CreatedAt
            FROM conversations.messages WHERE message_id = @Id
            """, new { Id = messageId }, cancellationToken: cancellationToken));
        if (row is null)
            return null;
        List<MessageRow> one = [row];
        await AttachPartsAsync(connection, one, cancellationToken);
        await AttachTimelinesAsync(connection, one, cancellationToken);
        await AttachAttachmentsAsync(connection, one, cancellationToken);
        return row;
    }

    /// <summary>
    /// Each message's timeline: received (inbound), or the platform's steps (pending, deferred, sent, suppressed,
    /// failed) and every carrier receipt of its parts, in time order.
    /// </summary>
    private static async Task AttachTimelinesAsync(NpgsqlConnection connection, List<MessageRow> messages, CancellationToken cancellationToken)
    {
        var outbound = messages.Where(m => m.Direction == "outbound").ToList();
        var steps = outbound.Count == 0 ? [] : (await connection.QueryAsync<TimelineRow>(new CommandDefinition("""
            SELECT message_id AS MessageId, NULL AS ProviderMessageId, status, detail, at
            FROM conversations.message_events WHERE message_id = ANY(@MessageIds)
            UNION ALL
            SELECT message_id, provider_message_id, status,
                   CASE WHEN error_code IS NULL OR error_code = '0' THEN NULL ELSE 'error ' || error_code END, occurred_at
            FROM conversations.delivery_events
            WHERE provider_message_id = ANY(@ProviderIds) OR message_id = ANY(@MessageIds)
            """,
            new
            {
                MessageIds = outbound.Select(m => m.MessageId).ToArray(),
                ProviderIds = outbound.SelectMany(m => m.ProviderMessageIds ?? []).Distinct(StringComparer.Ordinal).ToArray(),
            },
            cancellationToken: cancellationToken))).AsList();

        foreach (var message in messages)
        {
            if (message.Direction == "inbound")
            {
                message.Timeline = [new TimelineStep(MessageStatuses.Received, AsUtc(message.CreatedAt), null)];
                continue;
            }
            var parts = message.ProviderMessageIds ?? [];
            message.Timeline = steps
                .Where(s => s.MessageId == message.MessageId || (s.ProviderMessageId is not null && parts.Contains(s.ProviderMessageId)))
                .Select(s => new TimelineStep(s.Status, AsUtc(s.At),
                    parts.Length > 1 && s.ProviderMessageId is not null
                        ? $"part {Array.IndexOf(parts, s.ProviderMessageId) + 1} of {parts.Length}{(s.Detail is null ? "" : "; " + s.Detail)}"
                        : s.Detail))
                .DistinctBy(s => (s.Status, s.At, s.Detail))
                .OrderBy(s => s.At)
                .ToList();
        }
    }

    /// <summary>The id of the conversation between the customer and our number, or null when there is none.</summary>
    public async Task<Guid?> ConversationIdAsync(string customerNumber, string businessNumber, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM conversations.conversations WHERE customer_number = @CustomerNumber AND business_number = @BusinessNumber",
            new { CustomerNumber = customerNumber, BusinessNumber = businessNumber }, cancellationToken: cancellationToken));
    }

    /// <summary>The newest customer message of the conversation (what an agent's reply answers), or null.</summary>
    public async Task<Guid?> LastInboundAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition("""
            SELECT message_id FROM conversations.messages
            WHERE conversation_id = @Id AND direction = 'inbound' AND text IS NOT NULL
            ORDER BY created_at DESC, seq DESC LIMIT 1
            """, new { Id = conversationId }, cancellationToken: cancellationToken));
    }

    /// <summary>Every message with one customer, across all our numbers, oldest first.</summary>
    public async Task<IReadOnlyList<MessageRow>> GetThreadAsync(string customerNumber, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<MessageRow>(new CommandDefinition("""
            SELECT message_id AS MessageId, conversation_id AS ConversationId, direction, text,
                   customer_number AS CustomerNumber, business_number AS BusinessNumber, category, origin, status,
                   status_detail AS StatusDetail, provider_message_ids AS ProviderMessageIds, segments, encoding,
                   in_reply_to AS InReplyTo, handled_by AS HandledBy, action, created_at AS CreatedAt
            FROM conversations.messages
            WHERE customer_number = @CustomerNumber
            ORDER BY created_at, seq
            """,
            new { CustomerNumber = customerNumber },
            cancellationToken: cancellationToken));
        var messages = rows.AsList();
        await AttachPartsAsync(connection, messages, cancellationToken);
        await AttachAttachmentsAsync(connection, messages, cancellationToken);
        return messages;
    }

    /// <summary>Each sent message's parts with their latest receipt, in one query for all the messages.</summary>
    private static async Task AttachAttachmentsAsync(NpgsqlConnection connection, List<MessageRow> messages, CancellationToken cancellationToken)
    {
        var attachments = await AttachmentStore.ForMessagesAsync(connection, messages.Select(m => m.MessageId).ToList(), cancellationToken);
        if (attachments.Count == 0) return;
        var byMessage = attachments.ToLookup(a => a.MessageId);
        foreach (var message in messages)
            message.Attachments = byMessage[message.MessageId].ToList();
    }

    private static async Task AttachPartsAsync(NpgsqlConnection connection, List<MessageRow> messages, CancellationToken cancellationToken)
    {
        var sent = messages.Where(m => m.ProviderMessageIds is { Length: > 0 }).ToList();
        if (sent.Count > 0)
        {
            var receipts = (await connection.QueryAsync<ReceiptRow>(new CommandDefinition("""
                SELECT provider_message_id AS ProviderMessageId, message_id AS MessageId, status, error_code AS ErrorCode
                FROM conversations.delivery_events
                WHERE provider_message_id = ANY(@Ids) OR message_id = ANY(@MessageIds)
                ORDER BY id
                """,
                new
                {
                    Ids = sent.SelectMany(m => m.ProviderMessageIds!).Distinct(StringComparer.Ordinal).ToArray(),
                    MessageIds = sent.Select(m => m.MessageId).ToArray(),
                },
                cancellationToken: cancellationToken))).AsList();
            foreach (var message in sent)
            {
                var ids = message.ProviderMessageIds!.ToHashSet(StringComparer.Ordinal);
                message.Parts = PartsOf(message.ProviderMessageIds!, receipts.Where(r => ids.Contains(r.ProviderMessageId) || r.MessageId == message.MessageId))
                    .Select(p => new MessagePart(p.ProviderMessageId, p.State is { } state ? StoredNames.Of(state.Status) : MessageStatuses.Sent,
                        p.State?.ErrorCode))
                    .ToList();
            }
        }
    }

    private static string LikePattern(string search) => "%" + EscapeLike(search) + "%";

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static DateTimeOffset AsUtc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed class TimelineRow
    {
        public Guid? MessageId { get; init; }
        public string? ProviderMessageId { get; init; }
        public required string Status { get; init; }
        public string? Detail { get; init; }
        public DateTime At { get; init; }
    }

    /// <summary>A team's members with what assignment decides by (<see cref="ConversationSql.AgentStatesAsync"/>), and how many conversations wait in its queue.</summary>
    public async Task<(IReadOnlyList<Teams.AgentState> Members, int Queued)> TeamAsync(Teams.Team team, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var members = await AgentStatesAsync(connection, null, team, cancellationToken);
        var queued = await connection.ExecuteScalarAsync<int>(new CommandDefinition("""
            SELECT count(*)::int FROM conversations.conversations
            WHERE owner = 'people' AND assignee IS NULL AND status <> 'resolved' AND team = @Team
            """, new { Team = team.Name }, cancellationToken: cancellationToken));
        return (members, queued);
    }
}
