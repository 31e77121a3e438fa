using Dapper;
using Npgsql;
using Sms.Conversations.Agents;

namespace Sms.Conversations.Data;

/// <summary>An agent account as stored (<c>conversations.agents</c>).</summary>
public sealed class AgentRow
{
    public required string Username { get; init; }
    public required string DisplayName { get; init; }
    public required string Role { get; init; }
    public required string PasswordHash { get; init; }
}

/// <summary>Agent accounts: who may sign in to the inbox.</summary>
public sealed class AgentStore(NpgsqlDataSource dataSource)
{
    public async Task<AgentRow?> FindAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AgentRow>(new CommandDefinition("""
            SELECT username, display_name AS DisplayName, role, password_hash AS PasswordHash
            FROM conversations.agents WHERE username = @Username
            """, new { Username = username }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<AgentRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<AgentRow>(new CommandDefinition("""
            SELECT username, display_name AS DisplayName, role, password_hash AS PasswordHash
            FROM conversations.agents ORDER BY username
            """, cancellationToken: cancellationToken))).AsList();
    }

    public async Task<SignInFailures?> GetSignInFailuresAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<FailuresRow>(new CommandDefinition(
            SelectFailures, new { Username = username }, cancellationToken: cancellationToken)))?.ToFailures();
    }

    /// <summary>Counts at most, per failure, of names that count for nothing any more which are forgotten.</summary>
    public const int ForgetPerFailure = 100;

    /// <summary>
    /// Counts one more wrong password for the user name, under a row lock so concurrent tries all count; and forgets up
    /// to <see cref="ForgetPerFailure"/> counts whose window started before <paramref name="forgetBefore"/> and whose
    /// lock has ended (<see cref="SignInLockout.ForgetBefore"/>), so failures with ever new names cannot grow the table
    /// beyond the names tried within one window.
    /// </summary>
    public async Task<SignInFailures> RecordSignInFailureAsync(
        string username, Func<SignInFailures?, SignInFailures> count, DateTimeOffset forgetBefore, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM conversations.sign_in_failures WHERE username IN (
                SELECT username FROM conversations.sign_in_failures
                WHERE window_started_at < @ForgetBefore AND (locked_until IS NULL OR locked_until <= now()) AND username <> @Username
                ORDER BY window_started_at LIMIT @Limit
                FOR UPDATE SKIP LOCKED)
            """, new { Username = username, ForgetBefore = forgetBefore, Limit = ForgetPerFailure }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO conversations.sign_in_failures (username, failures, window_started_at) VALUES (@Username, 0, now())
            ON CONFLICT (username) DO NOTHING
            """, new { Username = username }, transaction, cancellationToken: cancellationToken));
        var current = (await connection.QuerySingleAsync<FailuresRow>(new CommandDefinition(
            SelectFailures + " FOR UPDATE", new { Username = username }, transaction, cancellationToken: cancellationToken))).ToFailures();
        var next = count(current.Failures == 0 ? null : current);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE conversations.sign_in_failures
            SET failures = @Failures, window_started_at = @WindowStartedAt, locked_until = @LockedUntil
            WHERE username = @Username
            """, new { Username = username, next.Failures, next.WindowStartedAt, next.LockedUntil }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return next;
    }

    public async Task ClearSignInFailuresAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM conversations.sign_in_failures WHERE username = @Username", new { Username = username }, cancellationToken: cancellationToken));
    }

    private sealed class FailuresRow
    {
        public int Failures { get; init; }
        public DateTime WindowStartedAt { get; init; }
        public DateTime? LockedUntil { get; init; }

        public SignInFailures ToFailures() => new(Failures, Utc(WindowStartedAt), LockedUntil is { } until ? Utc(until) : null);

        private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    }

    private const string SelectFailures = """
        SELECT failures, window_started_at AS WindowStartedAt, locked_until AS LockedUntil
        FROM conversations.sign_in_failures WHERE username = @Username
        """;

    /// <summary>Creates the account; false when the user name is taken (nothing changes).</summary>
    public async Task<bool> CreateAsync(AgentRow agent, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO conversations.agents (username, display_name, role, password_hash)
            VALUES (@Username, @DisplayName, @Role, @PasswordHash)
            ON CONFLICT (username) DO NOTHING
            """, agent, cancellationToken: cancellationToken)) > 0;
    }
}
