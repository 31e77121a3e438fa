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

    /// <summary>Disabled by an admin: cannot sign in, has no session, takes no conversation.</summary>
    public bool Disabled { get; init; }
}

/// <summary>A recorded change to an agent account (<c>conversations.agent_account_changes</c>).</summary>
public sealed record AccountChangeRow(DateTimeOffset At, string Actor, string Agent, string Action, string? Detail);

/// <summary>Agent accounts: who may sign in to the inbox, and the record of every change to them.</summary>
public sealed class AgentStore(NpgsqlDataSource dataSource)
{
    private const string SelectAgent = """
        SELECT username, display_name AS DisplayName, role, password_hash AS PasswordHash, disabled_at IS NOT NULL AS Disabled
        FROM conversations.agents
        """;

    public async Task<AgentRow?> FindAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AgentRow>(new CommandDefinition(
            SelectAgent + " WHERE username = @Username", new { Username = username }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<AgentRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<AgentRow>(new CommandDefinition(
            SelectAgent + " ORDER BY username", cancellationToken: cancellationToken))).AsList();
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

    /// <summary>Creates the account and records who did; false when the user name is taken (nothing changes).</summary>
    public async Task<bool> CreateAsync(AgentRow agent, string actor, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var created = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO conversations.agents (username, display_name, role, password_hash)
            VALUES (@Username, @DisplayName, @Role, @PasswordHash)
            ON CONFLICT (username) DO NOTHING
            """, agent, transaction, cancellationToken: cancellationToken)) > 0;
        if (!created)
            return false;
        await RecordAsync(connection, transaction, actor, agent.Username, AgentAccounts.Created, agent.Role, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Makes <paramref name="change"/> to the account as <see cref="AgentAccounts.Decide"/> rules, in one transaction that
    /// holds the account and every enabled admin (always in user-name order, so two changes cannot wait on each other in
    /// a circle, and two admins demoting each other at once are decided one after the other): the account, the record
    /// of the change, and the sessions it ends. Returns null when there is no such agent, else the decision and the
    /// token hashes of the sessions ended.
    /// </summary>
    public async Task<(AccountDecision Decision, IReadOnlyList<byte[]> EndedSessions)?> ChangeAsync(
        string username, AccountChange change, string actor, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var held = (await connection.QueryAsync<(string Username, string Role, bool Disabled)>(new CommandDefinition("""
            SELECT username, role, disabled_at IS NOT NULL FROM conversations.agents
            WHERE username = @Username OR (role = 'admin' AND disabled_at IS NULL)
            ORDER BY username FOR UPDATE
            """, new { Username = username }, transaction, cancellationToken: cancellationToken))).AsList();
        if (held.FindIndex(a => a.Username == username) is var index && index < 0)
            return null;
        var before = new AccountState(held[index].Role, held[index].Disabled);
        var decision = AgentAccounts.Decide(username, before, change, held.Count(a => new AccountState(a.Role, a.Disabled).IsEnabledAdmin));
        if (decision.Refusal is not null || decision.Unchanged)
            return (decision, []);

        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE conversations.agents SET
                role = @Role,
                disabled_at = CASE WHEN @Disabled THEN COALESCE(disabled_at, now()) END,
                password_hash = COALESCE(@PasswordHash, password_hash)
            WHERE username = @Username
            """,
            new
            {
                Username = username, decision.After.Role, decision.After.Disabled,
                PasswordHash = change switch
                {
                    AccountChange.ResetPassword reset => reset.PasswordHash,
                    AccountChange.ChangePassword own => own.PasswordHash,
                    _ => null,
                },
            },
            transaction, cancellationToken: cancellationToken));
        await RecordAsync(connection, transaction, actor, username, decision.Action, decision.Detail, cancellationToken);
        IReadOnlyList<byte[]> ended = [];
        if (decision.EndsSessions)
        {
            ended = (await connection.QueryAsync<byte[]>(new CommandDefinition("""
                DELETE FROM conversations.agent_sessions WHERE username = @Username AND (@Keep::uuid IS NULL OR id <> @Keep)
                RETURNING token_hash
                """, new { Username = username, Keep = (change as AccountChange.ChangePassword)?.KeepSession },
                transaction, cancellationToken: cancellationToken))).AsList();
        }
        // Every instance forgets the sessions it cached: they ended, or carry the old role or the enabled agent.
        await SessionStore.NotifyChangedAsync(connection, transaction, username, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (decision, ended);
    }

    /// <summary>Records a change to an account made outside <see cref="ChangeAsync"/> (an admin ending an agent's sessions).</summary>
    public async Task RecordAsync(string actor, string agent, string action, string? detail, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await RecordAsync(connection, transaction, actor, agent, action, detail, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The changes recorded to the account, newest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<AccountChangeRow>> ListChangesAsync(string username, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<(DateTime At, string Actor, string Agent, string Action, string? Detail)>(new CommandDefinition("""
            SELECT at, actor, agent, action, detail FROM conversations.agent_account_changes
            WHERE agent = @Username ORDER BY id DESC LIMIT @Limit
            """, new { Username = username, Limit = limit }, cancellationToken: cancellationToken)))
            .Select(c => new AccountChangeRow(new DateTimeOffset(DateTime.SpecifyKind(c.At, DateTimeKind.Utc)), c.Actor, c.Agent, c.Action, c.Detail))
            .ToList();
    }

    private static Task RecordAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string actor, string agent, string action, string? detail,
        CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO conversations.agent_account_changes (actor, agent, action, detail) VALUES (@Actor, @Agent, @Action, @Detail)
            """, new { Actor = actor, Agent = agent, Action = action, Detail = detail }, transaction, cancellationToken: cancellationToken));
}
