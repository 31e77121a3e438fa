using Dapper;
using Npgsql;

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
