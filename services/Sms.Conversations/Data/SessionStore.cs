using Dapper;
using Npgsql;
using Sms.Conversations.Agents;

namespace Sms.Conversations.Data;

/// <summary>
/// Agents' sessions (<c>conversations.agent_sessions</c>), found by the hash of their token; ending one deletes it. A
/// session of a disabled agent is never found, even one started in the instant the agent was disabled. Ending sessions
/// announces it to every instance (<see cref="NotifyChangedAsync"/>).
/// </summary>
public sealed class SessionStore(NpgsqlDataSource dataSource)
{
    private const string SelectSession = """
        SELECT s.id, s.username, a.display_name AS DisplayName, a.role, s.created_at AS CreatedAt, s.last_seen_at AS LastSeenAt,
               s.expires_at AS ExpiresAt, s.user_agent AS UserAgent, s.ip
        FROM conversations.agent_sessions s JOIN conversations.agents a ON a.username = s.username AND a.disabled_at IS NULL
        """;

    public async Task CreateAsync(SessionRow session, byte[] tokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO conversations.agent_sessions (id, token_hash, username, created_at, last_seen_at, expires_at, user_agent, ip)
            VALUES (@Id, @TokenHash, @Username, @CreatedAt, @LastSeenAt, @ExpiresAt, @UserAgent, @Ip)
            """,
            new { session.Id, TokenHash = tokenHash, session.Username, session.CreatedAt, session.LastSeenAt, session.ExpiresAt, session.UserAgent, session.Ip },
            cancellationToken: cancellationToken));
    }

    public async Task<SessionRow?> FindAsync(byte[] tokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            SelectSession + " WHERE s.token_hash = @TokenHash", new { TokenHash = tokenHash }, cancellationToken: cancellationToken)))?.ToSession();
    }

    /// <summary>The agent's sessions, the most recently used first.</summary>
    public async Task<IReadOnlyList<SessionRow>> ListAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Row>(new CommandDefinition(
            SelectSession + " WHERE s.username = @Username ORDER BY s.last_seen_at DESC, s.id",
            new { Username = username }, cancellationToken: cancellationToken))).Select(r => r.ToSession()).ToList();
    }

    public async Task TouchAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE conversations.agent_sessions SET last_seen_at = @Now WHERE id = @Id AND last_seen_at < @Now",
            new { Id = id, Now = now }, cancellationToken: cancellationToken));
    }

    /// <summary>Ends the sessions of <paramref name="username"/> (only <paramref name="id"/> when given); returns the token hashes ended.</summary>
    public async Task<IReadOnlyList<byte[]>> EndAsync(string username, Guid? id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ended = (await connection.QueryAsync<byte[]>(new CommandDefinition("""
            DELETE FROM conversations.agent_sessions WHERE username = @Username AND (@Id::uuid IS NULL OR id = @Id)
            RETURNING token_hash
            """, new { Username = username, Id = id }, transaction, cancellationToken: cancellationToken))).AsList();
        if (ended.Count > 0)
            await NotifyChangedAsync(connection, transaction, username, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ended;
    }

    /// <summary>
    /// Tells every instance (on commit) to forget what it cached of the agent's sessions
    /// (<see cref="InboxSessions.ChangedChannel"/>).
    /// </summary>
    internal static Task NotifyChangedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string username, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_notify(@Channel, @Username)", new { Channel = InboxSessions.ChangedChannel, Username = username },
            transaction, cancellationToken: cancellationToken));

    /// <summary>Deletes up to <paramref name="limit"/> sessions that are over (past their end, or idle); returns how many.</summary>
    public async Task<int> PruneAsync(DateTimeOffset now, DateTimeOffset idleBefore, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM conversations.agent_sessions WHERE id IN (
                SELECT id FROM conversations.agent_sessions WHERE expires_at <= @Now OR last_seen_at < @IdleBefore LIMIT @Limit)
            """, new { Now = now, IdleBefore = idleBefore, Limit = limit }, cancellationToken: cancellationToken));
    }

    private sealed class Row
    {
        public Guid Id { get; init; }
        public required string Username { get; init; }
        public required string DisplayName { get; init; }
        public required string Role { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime LastSeenAt { get; init; }
        public DateTime ExpiresAt { get; init; }
        public string? UserAgent { get; init; }
        public string? Ip { get; init; }

        public SessionRow ToSession() =>
            new(Id, Username, DisplayName, Role, Utc(CreatedAt), Utc(LastSeenAt), Utc(ExpiresAt), UserAgent, Ip);

        private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    }
}
