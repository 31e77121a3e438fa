using System.Text.Json;
using Dapper;
using Npgsql;
using Sms.Contracts.Outbound;
using Sms.Conversations.Failures;
using Sms.Conversations.Threads;
using Sms.ServiceDefaults.Telemetry;
using static Sms.Conversations.Data.ConversationSql;

namespace Sms.Conversations.Data;

/// <summary>What storing a message taken from an <c>_error</c> queue found.</summary>
public enum CollectOutcome
{
    /// <summary>A failure not seen before.</summary>
    New,

    /// <summary>It had been replayed and failed again: marked so, and left out of bulk replays from now on.</summary>
    FailedAgainAfterReplay,

    /// <summary>The same message is already open (taken twice: its acknowledgement was lost); nothing changed.</summary>
    AlreadyOpen,
}

/// <summary>A message from an <c>_error</c> queue as stored, with what a replay needs.</summary>
public sealed record StoredFailedMessage(
    long Id, string InputQueue, string MessageId, string? ContentType, string? CorrelationId,
    IReadOnlyDictionary<string, string> Headers, byte[] Body, int ReplayCount);

/// <summary>One recorded action on a failure.</summary>
public sealed record FailureActionRow(string Item, string Action, string Actor, string? Reason, DateTime At);

/// <summary>
/// The failed messages drained from the <c>_error</c> queues, the sends that ended <c>failed</c>, and what operators did
/// about them (<c>conversations.failed_messages</c>, <c>send_failures</c>, <c>failure_actions</c>; README, "Failed
/// messages"). Every replay and discard is recorded with its actor in the transaction that makes it.
/// </summary>
public sealed class FailureStore(NpgsqlDataSource dataSource)
{
    /// <summary>Most failures of each kind read for the view: enough to group, bounded when something fails in bulk.</summary>
    public const int ViewLimit = 5_000;

    /// <summary>
    /// Stores a message taken from an <c>_error</c> queue. The same message again (same queue and id) after a replay
    /// opens its row again, marked failed after replay; while still open, it changes nothing.
    /// </summary>
    public async Task<CollectOutcome> RecordCollectedAsync(FailedMessage message, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var outcome = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition("""
            INSERT INTO conversations.failed_messages AS f
                (error_queue, input_queue, message_id, message_type, fault_type, fault_message, cause, content_type,
                 correlation_id, headers, body, first_failed_at, last_failed_at)
            VALUES (@ErrorQueue, @InputQueue, @MessageId, @MessageType, @FaultType, @FaultMessage, @Cause, @ContentType,
                    @CorrelationId, @Headers::jsonb, @Body, @FailedAt, @FailedAt)
            ON CONFLICT (error_queue, message_id) DO UPDATE SET
                status = 'open',
                failed_after_replay = f.failed_after_replay OR f.status = 'replayed',
                failure_count = f.failure_count + 1,
                fault_type = EXCLUDED.fault_type, fault_message = EXCLUDED.fault_message, cause = EXCLUDED.cause,
                headers = EXCLUDED.headers, body = EXCLUDED.body,
                last_failed_at = GREATEST(f.last_failed_at, EXCLUDED.last_failed_at)
            WHERE f.status <> 'open'
            RETURNING CASE WHEN xmax = 0 THEN 'new' WHEN failed_after_replay THEN 'again' ELSE 'reopened' END
            """,
            new
            {
                message.ErrorQueue, message.InputQueue, message.MessageId, message.MessageType, message.FaultType,
                message.FaultMessage, message.Cause, message.ContentType, message.CorrelationId,
                Headers = JsonSerializer.Serialize(message.Headers), message.Body, FailedAt = Utc(message.FailedAt),
            }, cancellationToken: cancellationToken));
        return outcome switch
        {
            null => CollectOutcome.AlreadyOpen,
            "again" => CollectOutcome.FailedAgainAfterReplay,
            _ => CollectOutcome.New,
        };
    }

    /// <summary>Every open failure of both kinds (at most <see cref="ViewLimit"/> of each, the latest), samples masked.</summary>
    public async Task<IReadOnlyList<FailureItem>> ListOpenAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var messages = await connection.QueryAsync<MessageRow>(new CommandDefinition("""
            SELECT id, error_queue AS ErrorQueue, message_type AS MessageType, fault_type AS FaultType, fault_message AS FaultMessage,
                   cause, first_failed_at AS FirstFailedAt, last_failed_at AS LastFailedAt, failure_count AS FailureCount,
                   replay_count AS ReplayCount, failed_after_replay AS FailedAfterReplay
            FROM conversations.failed_messages WHERE status = 'open'
            ORDER BY last_failed_at DESC LIMIT @Limit
            """, new { Limit = ViewLimit }, cancellationToken: cancellationToken));
        var sends = await connection.QueryAsync<SendRow>(new CommandDefinition("""
            SELECT m.message_id AS MessageId, m.customer_number AS CustomerNumber, m.status_detail AS StatusDetail,
                   m.provider, m.created_at AS CreatedAt, m.updated_at AS UpdatedAt, COALESCE(s.replay_count, 0) AS ReplayCount
            FROM conversations.messages m
            LEFT JOIN conversations.send_failures s ON s.message_id = m.message_id
            WHERE m.status = 'failed' AND m.direction = 'outbound' AND NOT COALESCE(s.discarded, false)
            ORDER BY m.created_at DESC LIMIT @Limit
            """, new { Limit = ViewLimit }, cancellationToken: cancellationToken));
        return messages.Select(m => m.ToItem()).Concat(sends.Select(s => s.ToItem())).ToList();
    }

    /// <summary>
    /// Replays one stored message: marks it replayed (count + 1) and records the action, holding its row while
    /// <paramref name="publish"/> sends it back, so the collector taking it again meanwhile waits and then finds it
    /// replayed. Nothing changes when the publish fails. False: not open (replayed or discarded already).
    /// </summary>
    public async Task<bool> ReplayMessageAsync(
        long id, string actor, Func<StoredFailedMessage, CancellationToken, Task> publish, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(long Id, string InputQueue, string MessageId, string? ContentType, string? CorrelationId, string Headers, byte[] Body, int ReplayCount)?>(
            new CommandDefinition("""
                UPDATE conversations.failed_messages SET status = 'replayed', replay_count = replay_count + 1
                WHERE id = @Id AND status = 'open'
                RETURNING id, input_queue, message_id, content_type, correlation_id, headers::text, body, replay_count
                """, new { Id = id }, transaction, cancellationToken: cancellationToken));
        if (row is not { } r)
            return false;
        await RecordActionAsync(connection, transaction, $"message:{id}", "replay", actor, null, cancellationToken);
        await publish(new StoredFailedMessage(r.Id, r.InputQueue, r.MessageId, r.ContentType, r.CorrelationId,
            JsonSerializer.Deserialize<Dictionary<string, string>>(r.Headers)!, r.Body, r.ReplayCount), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Replays a send that ended <c>failed</c>: the same <see cref="SendSms"/> (same message id) goes to the outbox in
    /// the transaction that sets the message back to <c>pending</c>, so it goes through Compliance again and Outbound's
    /// claim on its id (a send the carrier took is never sent again; README, "A send's claim"). Only a failed send is
    /// replayed: a second replay while the first is on its way finds it pending and does nothing. False: not failed,
    /// or discarded.
    /// </summary>
    public async Task<bool> ReplaySendAsync(Guid messageId, string actor, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, messageId, [], cancellationToken);
        var send = await connection.QuerySingleOrDefaultAsync<FailedSendRow>(new CommandDefinition("""
            UPDATE conversations.messages m SET status = 'pending', status_detail = @Detail, updated_at = now()
            WHERE m.message_id = @MessageId AND m.status = 'failed' AND m.direction = 'outbound' AND m.text IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM conversations.send_failures s WHERE s.message_id = m.message_id AND s.discarded)
            RETURNING message_id AS MessageId, conversation_id AS ConversationId, customer_number AS CustomerNumber,
                      business_number AS BusinessNumber, text, category, origin, campaign_id AS CampaignId,
                      in_reply_to AS InReplyTo, created_at AS CreatedAt
            """, new { MessageId = messageId, Detail = $"Replayed by {actor}" }, transaction, cancellationToken: cancellationToken));
        if (send is null)
            return false;
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO conversations.send_failures (message_id, replay_count) VALUES (@MessageId, 1)
            ON CONFLICT (message_id) DO UPDATE SET replay_count = conversations.send_failures.replay_count + 1
            """, new { MessageId = messageId }, transaction, cancellationToken: cancellationToken));
        await RecordMessageEventAsync(connection, transaction, messageId, MessageStatuses.Pending, $"Replayed by {actor}", at, cancellationToken);
        if (send.ConversationId is { } conversationId)
            await ChangedAsync(connection, transaction, conversationId, messageId, cancellationToken, ChangeKinds.Status);
        await Outbox.AddAsync(connection, transaction, send.ToRequest(), cancellationToken);
        await RecordActionAsync(connection, transaction, $"send:{messageId}", "replay", actor, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Discards an open message from an <c>_error</c> queue, with the reason. False: not open.</summary>
    public Task<bool> DiscardMessageAsync(long id, string actor, string reason, CancellationToken cancellationToken) =>
        InTransactionAsync($"message:{id}", actor, reason, (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE conversations.failed_messages SET status = 'discarded' WHERE id = @Id AND status = 'open'",
            new { Id = id }, transaction, cancellationToken: cancellationToken)), cancellationToken);

    /// <summary>Discards a failed send from the view (it stays failed in its thread), with the reason. False: not a failed send, or discarded already.</summary>
    public Task<bool> DiscardSendAsync(Guid messageId, string actor, string reason, CancellationToken cancellationToken) =>
        InTransactionAsync($"send:{messageId}", actor, reason, (connection, transaction) => connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO conversations.send_failures AS s (message_id, discarded)
            SELECT message_id, true FROM conversations.messages WHERE message_id = @MessageId AND status = 'failed' AND direction = 'outbound'
            ON CONFLICT (message_id) DO UPDATE SET discarded = true WHERE NOT s.discarded
            """, new { MessageId = messageId }, transaction, cancellationToken: cancellationToken)), cancellationToken);

    /// <summary>The actions recorded, the latest first; those on one item when <paramref name="item"/> is given.</summary>
    public async Task<IReadOnlyList<FailureActionRow>> ListActionsAsync(string? item, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<FailureActionRow>(new CommandDefinition("""
            SELECT item, action, actor, reason, at FROM conversations.failure_actions
            WHERE @Item::text IS NULL OR item = @Item ORDER BY at DESC, id DESC LIMIT @Limit
            """, new { Item = item, Limit = limit }, cancellationToken: cancellationToken))).AsList();
    }

    private async Task<bool> InTransactionAsync(
        string item, string actor, string reason, Func<NpgsqlConnection, NpgsqlTransaction, Task<int>> change, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await change(connection, transaction) == 0)
            return false;
        await RecordActionAsync(connection, transaction, item, "discard", actor, reason, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static Task RecordActionAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string item, string action, string actor, string? reason, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO conversations.failure_actions (item, action, actor, reason) VALUES (@Item, @Action, @Actor, @Reason)",
            new { Item = item, Action = action, Actor = actor, Reason = reason }, transaction, cancellationToken: cancellationToken));

    private sealed record MessageRow(
        long Id, string ErrorQueue, string? MessageType, string FaultType, string FaultMessage, string Cause,
        DateTime FirstFailedAt, DateTime LastFailedAt, int FailureCount, int ReplayCount, bool FailedAfterReplay)
    {
        public FailureItem ToItem() => new(
            $"message:{Id}", FailureKind.Message, Cause, ErrorQueue, MessageType,
            FailureCause.MaskPhones($"{FaultType}: {FaultMessage}"),
            new DateTimeOffset(FirstFailedAt, TimeSpan.Zero), new DateTimeOffset(LastFailedAt, TimeSpan.Zero),
            FailureCount, ReplayCount, FailedAfterReplay);
    }

    private sealed record SendRow(
        Guid MessageId, string CustomerNumber, string? StatusDetail, string? Provider, DateTime CreatedAt, DateTime UpdatedAt, int ReplayCount)
    {
        public FailureItem ToItem() => new(
            $"send:{MessageId}", FailureKind.Send, FailureCause.OfSend(StatusDetail), Provider ?? "(no carrier)", "SendSms",
            $"To {Redact.Phone(CustomerNumber)}: {FailureCause.MaskPhones(StatusDetail ?? "no reason given")}",
            new DateTimeOffset(CreatedAt, TimeSpan.Zero), new DateTimeOffset(UpdatedAt, TimeSpan.Zero),
            1 + ReplayCount, ReplayCount, FailedAfterReplay: ReplayCount > 0);
    }

    private sealed record FailedSendRow(
        Guid MessageId, Guid? ConversationId, string CustomerNumber, string? BusinessNumber, string Text, string? Category,
        string? Origin, string? CampaignId, Guid? InReplyTo, DateTime CreatedAt)
    {
        public SendSms ToRequest() => new()
        {
            MessageId = MessageId,
            To = CustomerNumber,
            From = string.IsNullOrEmpty(BusinessNumber) ? null : BusinessNumber,
            Text = Text,
            Category = Enum.Parse<SmsCategory>(Category ?? "transactional", ignoreCase: true),
            Origin = Enum.Parse<SmsOrigin>(Origin ?? "upstream", ignoreCase: true),
            CampaignId = CampaignId,
            InReplyTo = InReplyTo,
            RequestedAt = new DateTimeOffset(CreatedAt, TimeSpan.Zero),
        };
    }
}
