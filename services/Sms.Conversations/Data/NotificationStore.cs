using Dapper;
using Npgsql;
using Sms.Conversations.Notifications;

namespace Sms.Conversations.Data;

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
    /// The rule's unsent notifications that may be tried now (none given up), oldest first (at most 50); nothing is locked.
    /// </summary>
    public async Task<IReadOnlyList<PendingNotification>> DueAsync(string rule, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<PendingNotification>(new CommandDefinition("""
            SELECT id, text, urgent, created_at AS CreatedAt, attempts FROM conversations.notifications
            WHERE rule = @Rule AND sent_at IS NULL AND given_up_at IS NULL AND next_attempt_at <= now()
            ORDER BY created_at, id
            LIMIT 50
            """, new { Rule = rule }, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>
    /// Claims those of <paramref name="pending"/> still unsent and due, for <paramref name="lease"/>: no other instance
    /// (nor this one) takes them meanwhile, and they are due again after it if this instance stops before recording an
    /// outcome. Committed at once, so the post that follows holds no transaction or row lock open while it waits on
    /// the webhook. Returns the claimed ones.
    /// </summary>
    public async Task<IReadOnlyList<PendingNotification>> ClaimAsync(
        IReadOnlyList<PendingNotification> pending, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var claimed = (await connection.QueryAsync<long>(new CommandDefinition("""
            UPDATE conversations.notifications SET next_attempt_at = now() + @Lease
            WHERE id = ANY(@Ids) AND sent_at IS NULL AND given_up_at IS NULL AND next_attempt_at <= now()
            RETURNING id
            """, new { Ids = pending.Select(p => p.Id).ToArray(), Lease = lease }, cancellationToken: cancellationToken))).ToHashSet();
        return pending.Where(p => claimed.Contains(p.Id)).ToList();
    }

    /// <summary>
    /// The outcome of a post of claimed notifications: sent, given up, or to be tried again after <paramref name="retryDelay"/>.
    /// </summary>
    public async Task RecordAttemptAsync(IReadOnlyList<PendingNotification> posted, NotificationOutcome outcome, TimeSpan retryDelay, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(outcome switch
            {
                NotificationOutcome.Sent => "UPDATE conversations.notifications SET sent_at = now(), attempts = attempts + 1, last_attempt_at = now() WHERE id = ANY(@Ids)",
                NotificationOutcome.GivenUp => "UPDATE conversations.notifications SET given_up_at = now(), attempts = attempts + 1, last_attempt_at = now() WHERE id = ANY(@Ids)",
                _ => "UPDATE conversations.notifications SET attempts = attempts + 1, last_attempt_at = now(), next_attempt_at = now() + @Delay WHERE id = ANY(@Ids)",
            },
            new { Ids = posted.Select(p => p.Id).ToArray(), Delay = retryDelay }, cancellationToken: cancellationToken));
    }
}
