using Dapper;
using Npgsql;

namespace Sms.Conversations.Data;

/// <summary>A row of <c>conversations.changes</c>.</summary>
public sealed class ChangeRow
{
    public long Position { get; init; }
    public required string Kind { get; init; }
    public Guid ConversationId { get; init; }
    public Guid? MessageId { get; init; }

    /// <summary>Written more than <see cref="ChangeFeedStore.SettleSeconds"/> ago (by the database's clock).</summary>
    public bool Settled { get; init; }
}

/// <summary>
/// Reads the change feed every writer fills (see V0003 and <see cref="Threads.ChangeFeedCursor"/>), and prunes it
/// (V0016): rows older than the retention go, oldest first, and the highest position pruned is kept.
/// </summary>
public sealed class ChangeFeedStore(NpgsqlDataSource dataSource)
{
    public const int SettleSeconds = 3;

    /// <summary>Every position at or below this may have been pruned; 0 when nothing ever was.</summary>
    public async Task<long> PrunedThroughAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE((SELECT through FROM conversations.change_feed_pruned), 0)", cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Deletes up to <paramref name="batch"/> of the rows written before <paramref name="cutoff"/>, oldest first, and
    /// raises the pruned mark to the highest position deleted, in one transaction. Returns how many went; fewer than
    /// <paramref name="batch"/> means nothing older is left.
    /// </summary>
    public async Task<int> PruneAsync(DateTimeOffset cutoff, int batch, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var deleted = (await connection.QueryAsync<long>(new CommandDefinition("""
            DELETE FROM conversations.changes
            WHERE position IN (
                SELECT position FROM conversations.changes WHERE recorded_at < @Cutoff ORDER BY recorded_at LIMIT @Batch)
            RETURNING position
            """, new { Batch = batch, Cutoff = cutoff.UtcDateTime }, transaction, cancellationToken: cancellationToken))).AsList();
        if (deleted.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO conversations.change_feed_pruned (id, through, pruned_at) VALUES (true, @Through, now())
                ON CONFLICT (id) DO UPDATE SET through = GREATEST(change_feed_pruned.through, EXCLUDED.through), pruned_at = now()
                """, new { Through = deleted.Max() }, transaction, cancellationToken: cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
        return deleted.Count;
    }

    /// <summary>The latest position (a pruned one when the feed is empty): where a reader with no Last-Event-ID starts.</summary>
    public async Task<long> LatestAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            SELECT GREATEST(
                (SELECT COALESCE(max(position), 0) FROM conversations.changes),
                (SELECT COALESCE(max(through), 0) FROM conversations.change_feed_pruned))
            """, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<ChangeRow>> AfterAsync(long position, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<ChangeRow>(new CommandDefinition($"""
            SELECT position, kind, conversation_id AS ConversationId, message_id AS MessageId,
                   recorded_at < clock_timestamp() - interval '{SettleSeconds} seconds' AS Settled
            FROM conversations.changes
            WHERE position > @Position
            ORDER BY position
            LIMIT @Limit
            """, new { Position = position, Limit = limit }, cancellationToken: cancellationToken))).AsList();
    }
}
