using System.Text.Json;
using Dapper;
using Npgsql;
using Sms.Contracts.Conversations;
using Sms.Contracts.Outbound;

namespace Sms.Conversations.Data;

/// <summary>
/// Messages written in the transaction of the change they announce and published after it commits
/// (<c>Background/OutboxPublisher</c>): a crash between the two loses none, and one published twice is harmless (the
/// Router keeps the newest owner change by version; Outbound sends a message id once; a projection of contacts keeps
/// the highest <see cref="ContactChanged.Version"/>). A <see cref="ContactChanged"/> is written by the contacts' own
/// triggers (migration V0024), in this same shape, so no writer of a contact can forget it.
/// </summary>
public static class Outbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The message types the outbox carries, by the name stored with each row.</summary>
    private static readonly IReadOnlyDictionary<string, Type> Types = new[] { typeof(ConversationOwnerChanged), typeof(SendSms), typeof(ContactChanged) }
        .ToDictionary(t => t.Name, StringComparer.Ordinal);

    internal static Task AddAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, T message, CancellationToken cancellationToken)
        where T : class
    {
        if (!Types.ContainsKey(typeof(T).Name))
            throw new ArgumentException($"The outbox carries no {typeof(T).Name}.", nameof(message));
        return connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO conversations.outbox (message_type, payload) VALUES (@Type, @Payload::jsonb)",
            new { Type = typeof(T).Name, Payload = JsonSerializer.Serialize(message, Json) }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>The message of a stored row, as the type it was written as.</summary>
    internal static object Read(string messageType, string payload) =>
        JsonSerializer.Deserialize(payload, Types.TryGetValue(messageType, out var type) ? type : throw new InvalidOperationException($"Unknown outbox message type {messageType}."), Json)!;
}

/// <summary>Claims, publishes and marks the outbox's unpublished rows; several instances share the work (SKIP LOCKED).</summary>
public sealed class OutboxStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Publishes up to <paramref name="limit"/> unpublished messages, oldest first, through <paramref name="publish"/>
    /// and marks them published, in one transaction that holds their rows: another instance skips them, and a crash
    /// before the commit leaves them to be published again. Returns how many were published.
    /// </summary>
    public async Task<int> PublishPendingAsync(Func<object, CancellationToken, Task> publish, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(long Id, string MessageType, string Payload)>(new CommandDefinition("""
            SELECT id, message_type, payload::text FROM conversations.outbox
            WHERE published_at IS NULL ORDER BY id LIMIT @Limit FOR UPDATE SKIP LOCKED
            """, new { Limit = limit }, transaction, cancellationToken: cancellationToken))).AsList();
        if (rows.Count == 0)
            return 0;
        foreach (var row in rows)
            await publish(Outbox.Read(row.MessageType, row.Payload), cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE conversations.outbox SET published_at = now() WHERE id = ANY(@Ids);
            DELETE FROM conversations.outbox WHERE published_at < now() - interval '1 day'
            """, new { Ids = rows.Select(r => r.Id).ToArray() }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
    }
}
