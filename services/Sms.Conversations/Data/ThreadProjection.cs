using System.Text.Json;
using Dapper;
using Npgsql;
using Sms.Contracts.Compliance;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;
using Sms.Conversations.Consent;
using Sms.Conversations.Threads;
using Sms.ServiceDefaults.Messaging;
using Sms.ServiceDefaults.Text;
using static Sms.Conversations.Data.ConversationSql;

namespace Sms.Conversations.Data;

/// <summary>
/// The writes that project the bus's events into threads: conversations, messages, contacts and the change feed. Each
/// write is idempotent: it is keyed by the event's business key (our message id, the carrier's message id) and
/// applying the same event again returns false and changes no row.
/// A write is one transaction, or, for the events that come with every message, part of one transaction per batch of
/// events (<see cref="InOneTransactionAsync{T}"/>).
/// <para>
/// Events may arrive in any order (each type has its own queue), so nothing waits for another event to be stored:
/// <list type="bullet">
/// <item>A mark on an inbound message (ReplyClassified, OptOutRecorded, OptInRecorded) that arrives before its
/// InboundSmsReceived writes a placeholder row (text NULL) that InboundSmsReceived completes. Retrying until the row
/// exists was the alternative; it was not chosen because after a backlog (e.g. the service was down) the other queue
/// can lag behind longer than the retries last, and the mark would end in the error queue.</item>
/// <item>A delivery receipt that arrives before its SmsSent is kept in <c>delivery_events</c>; storing SmsSent applies it.</item>
/// <item>Outbound statuses follow <see cref="MessageStatusPrecedence"/>, so their order does not matter either. Writers
/// of an outbound message's status take transaction-scoped advisory locks on its message id and carrier ids first (in
/// one global order, so they cannot deadlock): a receipt and its SmsSent stored at the same moment cannot miss each other.</item>
/// </list>
/// </para>
/// </summary>
public sealed class ThreadProjection(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Text from a bus event as it can be stored: unchanged, unless it holds what PostgreSQL refuses (U+0000, an
    /// unpaired surrogate), which becomes what <see cref="MessageText.FromCarrier"/> makes of it. Producers apply the
    /// text rule before they publish; this keeps an event from an older producer from failing its write for ever.
    /// </summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    private static string? Storable(string? text)
    {
        if (text is null)
            return null;
        var repaired = MessageText.FromCarrier(text, out var changed);
        return changed ? repaired : text;
    }

    /// <summary>Stores a customer's message and files it in its conversation; a resolved conversation opens again.</summary>
    public Task<bool> RecordInboundAsync(InboundSmsReceived message, CancellationToken cancellationToken) =>
        InTransactionAsync(message, RecordInboundAsync, cancellationToken);

    /// <summary>Stores customers' messages in one transaction (see <see cref="InOneTransactionAsync{T}"/>).</summary>
    public Task<IReadOnlyList<bool>> RecordInboundAsync(IReadOnlyList<InboundSmsReceived> messages, CancellationToken cancellationToken) =>
        InOneTransactionAsync(messages, m => m.From, RecordInboundAsync, cancellationToken);

    private static async Task<bool> RecordInboundAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, InboundSmsReceived message, CancellationToken cancellationToken)
    {
        // Inserts the message, or completes the placeholder an earlier mark left; a stored message (text set) is left
        // alone and nothing is returned, so a redelivery neither reopens nor bumps the conversation. The message is
        // filed in its conversation at once when that exists (the usual case: the customer answers us), so its row is
        // written once rather than inserted and then updated (every update of it would add entries to all its indexes,
        // the text's trigram index among them).
        var stored = await connection.QuerySingleOrDefaultAsync<StoredInbound>(new CommandDefinition("""
            INSERT INTO conversations.messages AS m
                (message_id, conversation_id, direction, customer_number, business_number, text, origin, status,
                 provider, provider_message_ids, created_at)
            VALUES
                (@MessageId,
                 (SELECT id FROM conversations.conversations WHERE customer_number = @From AND business_number = @To),
                 'inbound', @From, @To, @Text, 'customer', 'received',
                 @Provider, ARRAY[@ProviderMessageId], @ReceivedAt)
            ON CONFLICT (message_id) DO UPDATE SET
                conversation_id = EXCLUDED.conversation_id,
                business_number = EXCLUDED.business_number,
                text = EXCLUDED.text,
                origin = EXCLUDED.origin,
                provider = EXCLUDED.provider,
                provider_message_ids = EXCLUDED.provider_message_ids,
                created_at = EXCLUDED.created_at,
                updated_at = now()
            WHERE m.text IS NULL AND m.direction = 'inbound'
            RETURNING message_id AS MessageId, conversation_id AS ConversationId,
                      COALESCE(m.action LIKE @SurveyAnswer, false)
                      OR EXISTS (SELECT 1 FROM conversations.csat_responses r
                                 WHERE r.conversation_id = m.conversation_id AND r.inbound_message_id = m.message_id) AS AnswersSurvey
            """,
            new
            {
                message.MessageId, message.From, message.To, Text = Storable(message.Text), message.Provider, message.ProviderMessageId,
                SurveyAnswer = Csat.CsatSurveys.ActionPrefix + "%",
                ReceivedAt = Utc(message.ReceivedAt),
            },
            transaction, cancellationToken: cancellationToken));
        if (stored is null)
            return false;
        // Its pictures and files: recorded now, fetched later (Background/AttachmentFetcher.cs), so a slow or failing
        // carrier never holds up or loses the message.
        await AttachmentStore.AddInboundAsync(connection, transaction, message, cancellationToken);

        // A customer writing again reopens a resolved conversation, except with the answer to its satisfaction survey
        // when that was classified first (CsatStore acted on the score already: a low one reopened it), whether the reply
        // was marked yet or only its score stored (ReplyClassifiedConsumer stores scores before it marks); one waiting on
        // an agent keeps waiting. The new message is unread for the agents, and may start the SLA clock.
        if (stored.ConversationId is { } existing)
        {
            // One round trip, and one new version of the conversation's row: the SLA clock is recomputed in the same
            // UPDATE (the message stored above is visible to it; a survey answer is handled, so it starts no clock). The row is
            // locked by a statement of its own first, so the UPDATE's snapshot is taken once earlier writers of the
            // conversation (a mark on another of its messages) have committed.
            await connection.ExecuteAsync(new CommandDefinition($"""
                {LockConversationSql};
                UPDATE conversations.conversations c SET
                    last_message_at = GREATEST(c.last_message_at, @ReceivedAt),
                    status = CASE WHEN c.status = 'resolved' AND NOT @AnswersSurvey THEN 'open' ELSE c.status END,
                    unread_count = c.unread_count + 1,
                    waiting_since = {WaitingSinceOfOpen},
                    updated_at = now()
                WHERE c.id = @ConversationId;
                {EnsureContactSql};
                {ChangesSql}
                """,
                new
                {
                    ConversationId = existing, ReceivedAt = Utc(message.ReceivedAt), Number = message.From, stored.AnswersSurvey,
                    message.MessageId, Kinds = new[] { ChangeKinds.Message, ChangeKinds.Conversation },
                },
                transaction, cancellationToken: cancellationToken));
            return true;
        }

        var conversationId = await connection.ExecuteScalarAsync<Guid>(new CommandDefinition("""
            WITH conversation AS (
                INSERT INTO conversations.conversations AS c (customer_number, business_number, last_message_at, unread_count)
                VALUES (@From, @To, @ReceivedAt, 1)
                ON CONFLICT (customer_number, business_number) DO UPDATE SET
                    last_message_at = GREATEST(c.last_message_at, EXCLUDED.last_message_at),
                    status = CASE WHEN c.status = 'resolved' THEN 'open' ELSE c.status END,
                    unread_count = c.unread_count + 1,
                    updated_at = now()
                RETURNING id)
            UPDATE conversations.messages SET conversation_id = (SELECT id FROM conversation)
            WHERE message_id = @MessageId
            RETURNING conversation_id
            """,
            new { message.MessageId, message.From, message.To, ReceivedAt = Utc(message.ReceivedAt) },
            transaction, cancellationToken: cancellationToken));
        await EnsureContactAsync(connection, transaction, message.From, cancellationToken);
        await RecomputeWaitingSinceAsync(connection, transaction, conversationId, cancellationToken);
        await ChangedAsync(connection, transaction, conversationId, message.MessageId, cancellationToken, ChangeKinds.Message, ChangeKinds.Conversation);
        return true;
    }

    /// <summary>Stores a message the carrier accepted, in the conversation of the customer and the number it went out from.</summary>
    public Task<bool> RecordSentAsync(SmsSent sent, CancellationToken cancellationToken) =>
        InTransactionAsync(sent, RecordSentAsync, cancellationToken);

    /// <summary>Stores sent messages in one transaction (see <see cref="InOneTransactionAsync{T}"/>).</summary>
    public Task<IReadOnlyList<bool>> RecordSentAsync(IReadOnlyList<SmsSent> sent, CancellationToken cancellationToken) =>
        InOneTransactionAsync(sent, m => m.Request.To, RecordSentAsync, cancellationToken);

    private static async Task<bool> RecordSentAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, SmsSent sent, CancellationToken cancellationToken)
    {
        var request = sent.Request;
        // The locks, the stored state and the receipts that overtook this event, in one round trip (in this order).
        StoredState? current;
        IReadOnlyList<(string ProviderMessageId, PartState? State)> parts;
        var ids = sent.ProviderMessageIds.ToArray();
        await using (var read = await connection.QueryMultipleAsync(new CommandDefinition(
            $"{LockSql};\n{CurrentStateSql};\n{PartsSql}",
            new { Keys = LockKeys(request.MessageId, ids), request.MessageId, Ids = ids },
            transaction, cancellationToken: cancellationToken)))
        {
            await read.ReadAsync<object>();
            current = await read.ReadSingleOrDefaultAsync<StoredState>();
            parts = PartsOf(ids, await read.ReadAsync<ReceiptRow>());
        }
        if (current is { Sent: true })
            return false; // this SmsSent was stored already

        // Receipts that overtook this event were kept; the message's status follows from them, part by part.
        var state = PartDelivery.Apply(
            MessageStatusPrecedence.Resolve(current?.State, new MessageState(MessageStatuses.Sent, null)),
            PartDelivery.Of(parts.Select(p => p.State).ToList()));

        var conversationId = await connection.ExecuteScalarAsync<Guid>(new CommandDefinition("""
            WITH conversation AS (
                INSERT INTO conversations.conversations AS c (customer_number, business_number, last_message_at)
                VALUES (@To, @From, @SentAt)
                ON CONFLICT (customer_number, business_number) DO UPDATE SET
                    last_message_at = GREATEST(c.last_message_at, EXCLUDED.last_message_at),
                    updated_at = now()
                RETURNING id)
            INSERT INTO conversations.messages AS m
                (message_id, conversation_id, direction, customer_number, business_number, text, category, origin,
                 status, status_detail, provider, provider_message_ids, segments, encoding, in_reply_to, campaign_id, created_at)
            SELECT
                @MessageId, conversation.id, 'outbound', @To, @From, @Text, @Category, @Origin,
                @Status, @StatusDetail, @Provider, @ProviderMessageIds, @Segments, @Encoding, @InReplyTo, @CampaignId, @SentAt
            FROM conversation
            ON CONFLICT (message_id) DO UPDATE SET
                conversation_id = EXCLUDED.conversation_id,
                business_number = EXCLUDED.business_number,
                status = EXCLUDED.status,
                status_detail = EXCLUDED.status_detail,
                provider = EXCLUDED.provider,
                provider_message_ids = EXCLUDED.provider_message_ids,
                segments = EXCLUDED.segments,
                encoding = EXCLUDED.encoding,
                updated_at = now()
            RETURNING conversation_id
            """,
            new
            {
                request.MessageId, request.To, sent.From, Text = Storable(request.Text),
                Category = StoredNames.Of(request.Category),
                Origin = StoredNames.Of(request.Origin),
                state.Status,
                StatusDetail = Storable(state.Detail),
                sent.Provider,
                ProviderMessageIds = sent.ProviderMessageIds.ToArray(),
                Segments = sent.SegmentCount,
                Encoding = StoredNames.Of(sent.Encoding),
                request.InReplyTo,
                request.CampaignId,
                SentAt = Utc(sent.SentAt),
            },
            transaction, cancellationToken: cancellationToken));

        // The timeline, the prompt, the SLA clock and the change feed: one round trip.
        var after = new List<string> { MessageEventSql };
        var parameters = new DynamicParameters(new
        {
            request.MessageId, ConversationId = conversationId, Status = MessageStatuses.Sent, Detail = (string?)null,
            At = Utc(sent.SentAt),
            Kinds = new[] { current is null ? ChangeKinds.Message : ChangeKinds.Status, ChangeKinds.Conversation },
        });
        if (request.Prompt is { } prompt)
        {
            after.Add("""
                INSERT INTO conversations.prompts (prompt_message_id, conversation_id, session_type, campaign_id, options, context, sent_at)
                VALUES (@MessageId, @ConversationId, @SessionType, @CampaignId, @Options::jsonb, @Context::jsonb, @At)
                ON CONFLICT (prompt_message_id) DO NOTHING
                """);
            parameters.AddDynamicParams(new
            {
                prompt.SessionType, request.CampaignId,
                Options = JsonSerializer.Serialize(prompt.Options), Context = JsonSerializer.Serialize(prompt.Context),
            });
        }
        if (request.Origin == SmsOrigin.Agent)
            after.Add(RecomputeWaitingSinceSql);
        after.Add(ChangesSql);
        await connection.ExecuteAsync(new CommandDefinition(
            string.Join(";\n", after), parameters, transaction, cancellationToken: cancellationToken));
        return true;
    }

    /// <summary>Stores a send Compliance refused. It shows in the customer's thread though it never left the platform.</summary>
    public Task<bool> RecordSuppressedAsync(SmsSuppressed suppressed, CancellationToken cancellationToken) =>
        RecordUnsentAsync(
            suppressed.Request,
            new MessageState(MessageStatuses.Suppressed, $"{StoredNames.Of(suppressed.Reason)}: {suppressed.Detail}"),
            provider: null,
            suppressed.SuppressedAt,
            cancellationToken);

    /// <summary>
    /// Stores a send the carrier refused, or whose outcome the carrier call left unknown (<see cref="MessageStatuses.Unknown"/>:
    /// a late <c>SmsSent</c> or receipt replaces it).
    /// </summary>
    public Task<bool> RecordSendFailedAsync(SmsSendFailed failed, CancellationToken cancellationToken) =>
        RecordUnsentAsync(
            failed.Request,
            new MessageState(failed.OutcomeUnknown ? MessageStatuses.Unknown : MessageStatuses.Failed, string.IsNullOrEmpty(failed.ErrorCode)
                ? failed.Reason
                : $"{failed.Reason} (error {failed.ErrorCode})"),
            failed.Provider,
            failed.FailedAt,
            cancellationToken);

    /// <summary>Compliance holds a send until the recipient's quiet hours end: the thread shows it as deferred, and until when.</summary>
    public Task<bool> RecordDeferredAsync(SmsDeferred deferred, CancellationToken cancellationToken) =>
        RecordUnsentAsync(
            deferred.Request,
            new MessageState(MessageStatuses.Deferred, $"{deferred.Detail} (until {deferred.DeferredUntil.UtcDateTime:yyyy-MM-dd HH:mm} UTC)"),
            provider: null,
            deferred.DeferredAt,
            cancellationToken);

    /// <summary>
    /// A message that never reached the customer: it neither creates a conversation nor moves one up the list. It is
    /// filed in the customer's conversation with the number it names, or, when it names none (the default sender), in
    /// the customer's most recent conversation; with no conversation it has none, and the customer's thread, read by
    /// number, still shows it.
    /// </summary>
    private Task<bool> RecordUnsentAsync(
        SendSms request, MessageState outcome, string? provider, DateTimeOffset at, CancellationToken cancellationToken) =>
        InTransactionAsync((request, outcome, provider, at), (connection, transaction, unsent, ct) =>
            RecordUnsentAsync(connection, transaction, unsent.request, unsent.outcome, unsent.provider, unsent.at, ct), cancellationToken);

    private static async Task<bool> RecordUnsentAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction,
        SendSms request, MessageState outcome, string? provider, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await LockAsync(connection, transaction, request.MessageId, [], cancellationToken);

        var current = await CurrentStateAsync(connection, transaction, request.MessageId, cancellationToken);
        var state = MessageStatusPrecedence.Resolve(current?.State, outcome);
        if (current is not null && state == current.State)
            return false;

        var conversationId = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition("""
            INSERT INTO conversations.messages AS m
                (message_id, conversation_id, direction, customer_number, business_number, text, category, origin,
                 status, status_detail, provider, in_reply_to, campaign_id, created_at)
            VALUES (
                @MessageId,
                (SELECT id FROM conversations.conversations
                 WHERE customer_number = @To AND (@From = '' OR business_number = @From)
                 ORDER BY last_message_at DESC LIMIT 1),
                'outbound', @To, @From, @Text, @Category, @Origin,
                @Status, @StatusDetail, @Provider, @InReplyTo, @CampaignId, @At)
            ON CONFLICT (message_id) DO UPDATE SET
                status = EXCLUDED.status,
                status_detail = EXCLUDED.status_detail,
                provider = COALESCE(m.provider, EXCLUDED.provider),
                updated_at = now()
            RETURNING conversation_id
            """,
            new
            {
                request.MessageId, request.To, From = request.From ?? "", Text = Storable(request.Text),
                Category = StoredNames.Of(request.Category),
                Origin = StoredNames.Of(request.Origin),
                state.Status,
                StatusDetail = Storable(state.Detail),
                Provider = provider,
                request.InReplyTo,
                request.CampaignId,
                At = Utc(at),
            },
            transaction, cancellationToken: cancellationToken));

        await RecordMessageEventAsync(connection, transaction, request.MessageId, state.Status, state.Detail, at, cancellationToken);
        if (conversationId is { } id)
        {
            if (request.Origin == SmsOrigin.Agent)
                await RecomputeWaitingSinceAsync(connection, transaction, id, cancellationToken);
            await ChangedAsync(connection, transaction, id, request.MessageId, cancellationToken,
                current is null ? ChangeKinds.Message : ChangeKinds.Status);
        }
        return true;
    }

    /// <summary>
    /// Adds a receipt to the timeline and, when it is final, to its message's status. A receipt for a message not
    /// stored yet stays in the timeline; <see cref="RecordSentAsync"/> applies it.
    /// </summary>
    public Task<bool> RecordDeliveryStatusAsync(SmsDeliveryStatusChanged receipt, CancellationToken cancellationToken) =>
        InTransactionAsync(receipt, RecordDeliveryStatusAsync, cancellationToken);

    /// <summary>Stores receipts in one transaction (see <see cref="InOneTransactionAsync{T}"/>).</summary>
    public Task<IReadOnlyList<bool>> RecordDeliveryStatusAsync(IReadOnlyList<SmsDeliveryStatusChanged> receipts, CancellationToken cancellationToken) =>
        InOneTransactionAsync(receipts, r => r.To, RecordDeliveryStatusAsync, cancellationToken);

    private static async Task<bool> RecordDeliveryStatusAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, SmsDeliveryStatusChanged receipt, CancellationToken cancellationToken)
    {
        // The locks, the receipt (none returned when it was stored already) and the message it reports on, in one
        // round trip (in this order).
        long? inserted;
        StoredState? message;
        await using (var read = await connection.QueryMultipleAsync(new CommandDefinition($$"""
            {{LockSql}};
            INSERT INTO conversations.delivery_events (provider, provider_message_id, message_id, status, error_code, occurred_at)
            VALUES (@Provider, @ProviderMessageId, @MessageId, @Status, @ErrorCode, @OccurredAt)
            ON CONFLICT (provider_message_id, status) DO NOTHING
            RETURNING id;
            SELECT message_id AS MessageId, status, status_detail AS Detail, provider_message_ids IS NOT NULL AS Sent,
                   provider_message_ids AS ProviderMessageIds, conversation_id AS ConversationId
            FROM conversations.messages
            WHERE message_id = (
                -- Our message id, when the carrier echoed it, finds the row through the primary key; the carrier's
                -- id (the GIN index) is searched only when it does not (the Append stops at the first row).
                SELECT message_id FROM conversations.messages WHERE message_id = @MessageId AND direction = 'outbound'
                UNION ALL
                SELECT message_id FROM conversations.messages
                WHERE provider_message_ids @> ARRAY[@ProviderMessageId] AND direction = 'outbound'
                LIMIT 1)
            FOR UPDATE
            """,
            new
            {
                Keys = LockKeys(receipt.MessageId, [receipt.ProviderMessageId]),
                receipt.Provider, receipt.ProviderMessageId, receipt.MessageId,
                Status = StoredNames.Of(receipt.Status),
                ErrorCode = Storable(receipt.ErrorCode),
                OccurredAt = Utc(receipt.OccurredAt),
            },
            transaction, cancellationToken: cancellationToken)))
        {
            await read.ReadAsync<object>();
            inserted = await read.ReadSingleOrDefaultAsync<long?>();
            message = await read.ReadSingleOrDefaultAsync<StoredState>();
        }
        if (inserted is null)
            return false;
        // Every receipt of a stored message is a step of its timeline the thread shows.
        var writes = new List<string>();
        var parameters = new DynamicParameters(new { message?.MessageId });
        if (message?.ConversationId is { } conversationId)
        {
            writes.Add(ChangesSql);
            parameters.AddDynamicParams(new { ConversationId = conversationId, Kinds = new[] { ChangeKinds.Status } });
        }

        if (MessageStatusPrecedence.FromDeliveryReceipt(receipt.Status, Storable(receipt.ErrorCode)) is { } outcome)
        {
            if (message is not null)
            {
                // A sent message's status follows from all its parts' receipts (this one included); one the carrier
                // never took (no parts known) only from this receipt.
                var state = message.Sent
                    ? PartDelivery.Apply(message.State, PartDelivery.Of(
                        (await PartsAsync(connection, transaction, message.ProviderMessageIds ?? [], message.MessageId, cancellationToken))
                        .Select(p => p.State).ToList()))
                    : MessageStatusPrecedence.Resolve(message.State, outcome);
                if (state != message.State)
                {
                    writes.Add("""
                        UPDATE conversations.messages
                        SET status = @Status, status_detail = @Detail, updated_at = now()
                        WHERE message_id = @MessageId
                        """);
                    parameters.AddDynamicParams(new { state.Status, state.Detail });
                }
            }
        }
        if (writes.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                string.Join(";\n", writes), parameters, transaction, cancellationToken: cancellationToken));
        }
        return true;
    }

    /// <summary>Marks an inbound message as handled by Compliance (STOP, START): it was a keyword, not a conversation.</summary>
    public Task<bool> MarkHandledByComplianceAsync(
        Guid inboundMessageId, string customerNumber, DateTimeOffset at, CancellationToken cancellationToken) =>
        InTransactionAsync((inboundMessageId, customerNumber, at), (connection, transaction, mark, ct) =>
            MarkHandledByComplianceAsync(connection, transaction, mark.inboundMessageId, mark.customerNumber, mark.at, ct), cancellationToken);

    private static async Task<bool> MarkHandledByComplianceAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction,
        Guid inboundMessageId, string customerNumber, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // The mark's row (none when nothing changed) and the conversation it is filed in (NULL on a placeholder).
        var changed = (await connection.QueryAsync<Guid?>(new CommandDefinition("""
            INSERT INTO conversations.messages AS m (message_id, direction, customer_number, status, handled_by, created_at)
            VALUES (@InboundMessageId, 'inbound', @CustomerNumber, 'received', 'compliance', @At)
            ON CONFLICT (message_id) DO UPDATE SET handled_by = 'compliance', updated_at = now()
            WHERE m.direction = 'inbound' AND m.handled_by IS DISTINCT FROM 'compliance'
            RETURNING conversation_id
            """,
            new { InboundMessageId = inboundMessageId, CustomerNumber = customerNumber, At = Utc(at) },
            transaction, cancellationToken: cancellationToken))).AsList();
        if (changed.Count > 0 && changed[0] is { } conversationId)
            await AfterMarkAsync(connection, transaction, conversationId, inboundMessageId, cancellationToken);
        return changed.Count > 0;
    }

    /// <summary>Marks an inbound message as understood by automation, with the action it means.</summary>
    public Task<bool> MarkClassifiedAsync(ReplyClassified classified, CancellationToken cancellationToken) =>
        InTransactionAsync(classified, MarkClassifiedAsync, cancellationToken);

    /// <summary>Marks replies automation understood in one transaction (see <see cref="InOneTransactionAsync{T}"/>).</summary>
    public Task<IReadOnlyList<bool>> MarkClassifiedAsync(IReadOnlyList<ReplyClassified> classified, CancellationToken cancellationToken) =>
        InOneTransactionAsync(classified, c => c.CustomerNumber, MarkClassifiedAsync, cancellationToken);

    private static async Task<bool> MarkClassifiedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ReplyClassified classified, CancellationToken cancellationToken)
    {
        // The mark's row (none when nothing changed) and the conversation it is filed in (NULL on a placeholder).
        var changed = (await connection.QueryAsync<Guid?>(new CommandDefinition("""
            INSERT INTO conversations.messages AS m
                (message_id, direction, customer_number, business_number, status, handled_by, action, created_at)
            VALUES (@InboundMessageId, 'inbound', @CustomerNumber, @BusinessNumber, 'received', 'automation', @Action, @ClassifiedAt)
            ON CONFLICT (message_id) DO UPDATE SET handled_by = 'automation', action = EXCLUDED.action, updated_at = now()
            WHERE m.direction = 'inbound'
              AND (m.handled_by IS DISTINCT FROM 'automation' OR m.action IS DISTINCT FROM EXCLUDED.action)
            RETURNING conversation_id
            """,
            new
            {
                classified.InboundMessageId, classified.CustomerNumber, classified.BusinessNumber, Action = Storable(classified.Action),
                ClassifiedAt = Utc(classified.ClassifiedAt),
            },
            transaction, cancellationToken: cancellationToken))).AsList();
        if (changed.Count > 0 && changed[0] is { } conversationId)
            await AfterMarkAsync(connection, transaction, conversationId, classified.InboundMessageId, cancellationToken);
        return changed.Count > 0;
    }

    /// <summary>
    /// The consent Compliance reported, per brand and purpose (<c>conversations.contact_consents</c>): each purpose the
    /// change names takes its state unless that brand's purpose already holds a change recorded at the same time or
    /// later, so an older change arriving late, or the same one delivered again, changes nothing. The contact's single
    /// <c>consent_*</c> columns take the newest change whatever its brand, as before (read by <c>/v1/metrics</c> and the
    /// API's <c>contact.consent</c>). One statement; true when some purpose changed.
    /// </summary>
    public async Task<bool> RecordConsentAsync(ConsentChange change, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            WITH contact AS (
                INSERT INTO conversations.contacts AS c (number, consent_state, consent_scope, consent_source, consent_changed_at)
                VALUES (@Number, @State, @Scope, @Source, @At)
                ON CONFLICT (number) DO UPDATE SET
                    consent_state = EXCLUDED.consent_state,
                    consent_scope = EXCLUDED.consent_scope,
                    consent_source = EXCLUDED.consent_source,
                    consent_changed_at = EXCLUDED.consent_changed_at,
                    updated_at = now()
                WHERE c.consent_changed_at IS NULL OR c.consent_changed_at < EXCLUDED.consent_changed_at),
            changed AS (
                INSERT INTO conversations.contact_consents AS k (number, scope, purpose, state, source, rule, changed_at)
                SELECT @Number, @Scope, purpose, @State, @Source, @Rule, @At FROM unnest(@Purposes::text[]) AS purpose
                ON CONFLICT (number, scope, purpose) DO UPDATE SET
                    state = EXCLUDED.state, source = EXCLUDED.source, rule = EXCLUDED.rule,
                    changed_at = EXCLUDED.changed_at, updated_at = now()
                WHERE k.changed_at < EXCLUDED.changed_at
                RETURNING 1),
            history AS (
                -- Every opt-out, when it happened (metrics count it on its day, whatever came later).
                INSERT INTO conversations.opt_out_history (number, scope, purposes, source, recorded_at)
                SELECT @Number, @Scope, @Purposes::text[], @Source, @At WHERE @State = 'opted_out'
                ON CONFLICT DO NOTHING)
            SELECT count(*) FROM changed
            """,
            new
            {
                change.Number, change.State, Scope = Storable(change.Scope), change.Source, Rule = Storable(change.Rule),
                Purposes = change.Purposes.ToArray(), At = Utc(change.ChangedAt),
            },
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
    /// Locks the conversation's row (parameter <c>@ConversationId</c>) ahead of a statement that recomputes from its
    /// messages. In READ COMMITTED each statement reads a snapshot taken when it starts: an UPDATE that first waits for
    /// the row's lock would still read the messages as they were before it waited, and miss what the writer it waited
    /// for (a mark on another message) committed. NO KEY UPDATE, as an UPDATE takes: messages referencing the row can
    /// still be inserted meanwhile.
    /// </summary>
    private const string LockConversationSql =
        "SELECT 1 FROM conversations.conversations WHERE id = @ConversationId FOR NO KEY UPDATE";

    /// <summary>
    /// Each part of a message with the latest state of its receipts (<see cref="PartDelivery.Latest"/>), in the order of
    /// the carrier ids of its SmsSent. A receipt found only by our message id (echoed as the client reference) under a
    /// carrier id we were not told reports on a part we know under another id: it stands in for the first part without
    /// a receipt of its own, or, when every part has one, counts as one more part.
    /// </summary>
    private static async Task<IReadOnlyList<(string ProviderMessageId, PartState? State)>> PartsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IEnumerable<string> providerMessageIds, Guid? messageId,
        CancellationToken cancellationToken)
    {
        var ids = providerMessageIds.ToArray();
        var receipts = await connection.QueryAsync<ReceiptRow>(new CommandDefinition(
            PartsSql, new { Ids = ids, MessageId = messageId }, transaction, cancellationToken: cancellationToken));
        return PartsOf(ids, receipts);
    }

    /// <summary>The receipts <see cref="PartsAsync"/> reads; parameters <c>@Ids</c> (carrier ids) and <c>@MessageId</c>.</summary>
    /// <remarks>
    /// Written as a UNION of two index scans rather than one <c>OR</c>: PostgreSQL then keeps one generic plan for the
    /// prepared statement instead of planning the <c>OR</c> again on every execution. UNION (with the id) drops a
    /// receipt both branches find.
    /// </remarks>
    private const string PartsSql = """
        SELECT id, provider_message_id AS ProviderMessageId, status, error_code AS ErrorCode
        FROM conversations.delivery_events WHERE provider_message_id = ANY(@Ids)
        UNION
        SELECT id, provider_message_id, status, error_code
        FROM conversations.delivery_events WHERE message_id = @MessageId
        ORDER BY id
        """;

    private static Task<StoredState?> CurrentStateAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid messageId, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<StoredState?>(new CommandDefinition(
            CurrentStateSql, new { MessageId = messageId }, transaction, cancellationToken: cancellationToken));

    /// <summary>The statement of <see cref="CurrentStateAsync"/>; parameter <c>@MessageId</c>.</summary>
    private const string CurrentStateSql = """
        SELECT message_id AS MessageId, status, status_detail AS Detail, provider_message_ids IS NOT NULL AS Sent
        FROM conversations.messages
        WHERE message_id = @MessageId
        FOR UPDATE
        """;

    // How the event writes meet their transactions: one event alone, or a batch of events of one kind together.

    /// <summary>Writes one event inside a transaction its caller owns; false when the event was stored already.</summary>
    private delegate Task<bool> EventWrite<in T>(
        NpgsqlConnection connection, NpgsqlTransaction transaction, T @event, CancellationToken cancellationToken);

    /// <summary>One event, one transaction.</summary>
    private async Task<bool> InTransactionAsync<T>(T @event, EventWrite<T> write, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await write(connection, transaction, @event, cancellationToken);
        if (changed)
            await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    /// <summary>
    /// Writes a batch of events of one kind in one transaction: one connection, one commit (one WAL flush) and no
    /// per-event round trips to begin and end, which is most of what a small write costs PostgreSQL. Returns, in the
    /// order given, whether each event changed anything (false: stored already, also when the same event is in the
    /// batch twice).
    /// <para>
    /// The events are written in the order of their customer's number. Each event locks only rows of its own customer
    /// (the conversation, the contact, the messages, their advisory locks), so two batches running at once, of the same
    /// or of different kinds, take their locks in the same order and cannot deadlock.
    /// </para>
    /// <para>
    /// When the batch's transaction fails for another reason than an outage (<see cref="DependencyOutage"/>: then the
    /// whole batch waits it out), every event is written again at once in a transaction of its own, so one event that
    /// cannot be stored does not hold back the others: they are stored, and <see cref="EventsNotStoredException"/> says
    /// which events were not, for the consumer to settle the others and leave only those to its retries and, in the
    /// end, the error queue.
    /// </para>
    /// </summary>
    private async Task<IReadOnlyList<bool>> InOneTransactionAsync<T>(
        IReadOnlyList<T> events, Func<T, string> customerNumber, EventWrite<T> write, CancellationToken cancellationToken)
    {
        var changed = new bool[events.Count];
        var order = Enumerable.Range(0, events.Count)
            .OrderBy(i => customerNumber(events[i]), StringComparer.Ordinal)
            .ToList();
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var i in order)
                changed[i] = await write(connection, transaction, events[i], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return changed;
        }
        catch (Exception e) when (events.Count > 1 && !cancellationToken.IsCancellationRequested && !DependencyOutage.Is(e))
        {
            Exception? first = null;
            var failed = new List<int>();
            foreach (var i in order)
            {
                try
                {
                    changed[i] = await InTransactionAsync(events[i], write, cancellationToken);
                }
                catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
                {
                    first ??= failure;
                    failed.Add(i);
                }
            }
            if (first is not null)
                throw new EventsNotStoredException(failed.Order().ToList(), changed, first);
            return changed;
        }
    }

    private sealed class StoredState
    {
        public Guid MessageId { get; init; }
        public required string Status { get; init; }
        public string? Detail { get; init; }

        /// <summary>True once SmsSent was stored (the carrier's ids are known).</summary>
        public bool Sent { get; init; }

        public string[]? ProviderMessageIds { get; init; }

        public Guid? ConversationId { get; init; }

        public MessageState State => new(Status, Detail);
    }

    private sealed class StoredInbound
    {
        public Guid MessageId { get; init; }
        public Guid? ConversationId { get; init; }

        /// <summary>The message was classified first as an answer to a satisfaction survey (its placeholder's action).</summary>
        public bool AnswersSurvey { get; init; }
    }
}

/// <summary>
/// Some events of a batch could not be stored (<see cref="Failed"/>, their positions in the batch); every other one
/// was (<see cref="Changed"/> says which of them changed anything). The inner exception is the first failure.
/// </summary>
public sealed class EventsNotStoredException(IReadOnlyList<int> failed, IReadOnlyList<bool> changed, Exception first)
    : Exception($"{failed.Count} event(s) of a batch could not be stored: {first.Message}", first)
{
    public IReadOnlyList<int> Failed { get; } = failed;

    public IReadOnlyList<bool> Changed { get; } = changed;
}
