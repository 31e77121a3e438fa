using Dapper;
using Npgsql;

namespace Sms.Conversations.Notifications;

public sealed class PendingNotification
{
    public long Id { get; init; }
    public required string Text { get; init; }
    public bool Urgent { get; init; }
    public DateTime CreatedAt { get; init; }
    public int Attempts { get; init; }
}

/// <summary>Escalation notifications waiting to go out (<c>conversations.notifications</c>): durable across restarts.</summary>
public sealed class NotificationStore(NpgsqlDataSource dataSource)
{
    /// <summary>Queues the notification for the rule; the same escalation again is queued once.</summary>
    public async Task<bool> QueueAsync(string rule, Guid inboundMessageId, bool urgent, string text, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO conversations.notifications (rule, inbound_message_id, urgent, text) VALUES (@Rule, @Id, @Urgent, @Text)
            ON CONFLICT (rule, inbound_message_id) DO NOTHING
            """, new { Rule = rule, Id = inboundMessageId, Urgent = urgent, Text = text }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>
    /// Locks the rule's unsent notifications that may be tried now (other instances skip them), hands them to
    /// <paramref name="send"/> and stamps them sent when it returns true, or schedules a retry when it returns false.
    /// </summary>
    public async Task<int> SendDueAsync(
        string rule, Func<IReadOnlyList<PendingNotification>, Task<bool?>> send, TimeSpan retryDelay, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var pending = (await connection.QueryAsync<PendingNotification>(new CommandDefinition("""
            SELECT id, text, urgent, created_at AS CreatedAt, attempts FROM conversations.notifications
            WHERE rule = @Rule AND sent_at IS NULL AND next_attempt_at <= now()
            ORDER BY created_at, id
            LIMIT 50
            FOR UPDATE SKIP LOCKED
            """, new { Rule = rule }, transaction, cancellationToken: cancellationToken))).AsList();
        if (pending.Count == 0)
            return 0;
        var outcome = await send(pending);
        if (outcome is null)
            return 0; // not due yet
        var ids = pending.Select(p => p.Id).ToArray();
        await connection.ExecuteAsync(new CommandDefinition(outcome.Value
            ? "UPDATE conversations.notifications SET sent_at = now(), attempts = attempts + 1 WHERE id = ANY(@Ids)"
            : "UPDATE conversations.notifications SET attempts = attempts + 1, next_attempt_at = now() + @Delay WHERE id = ANY(@Ids)",
            new { Ids = ids, Delay = retryDelay }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return outcome.Value ? pending.Count : 0;
    }
}
