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

/// <summary>Reads the change feed every writer fills (see V0003 and <see cref="Threads.ChangeFeedCursor"/>).</summary>
public sealed class ChangeFeedStore(NpgsqlDataSource dataSource)
{
    public const int SettleSeconds = 3;

    /// <summary>The latest position: where a reader with no Last-Event-ID starts.</summary>
    public async Task<long> LatestAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE(max(position), 0) FROM conversations.changes", cancellationToken: cancellationToken));
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
