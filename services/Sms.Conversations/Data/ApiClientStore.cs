using Dapper;
using Npgsql;

namespace Sms.Conversations.Data;

/// <summary>The API clients (<c>conversations.api_clients</c>): created, listed, revoked, and when each was last used.</summary>
public sealed class ApiClientStore(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        id AS Id, name AS Name, scopes AS Scopes, secret_hash AS SecretHash, created_at AS CreatedAt, created_by AS CreatedBy,
        last_used_at AS LastUsedAt, revoked_at AS RevokedAt, revoked_by AS RevokedBy
        """;

    public async Task<IReadOnlyList<ApiClientRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<ApiClientRow>(new CommandDefinition(
            $"SELECT {Columns} FROM conversations.api_clients ORDER BY created_at, id", cancellationToken: cancellationToken))).AsList();
    }

    public async Task<ApiClientRow> CreateAsync(Guid id, string name, IReadOnlyList<string> scopes, string secretHash, string createdBy, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<ApiClientRow>(new CommandDefinition($"""
            INSERT INTO conversations.api_clients (id, name, scopes, secret_hash, created_by)
            VALUES (@Id, @Name, @Scopes, @SecretHash, @CreatedBy)
            RETURNING {Columns}
            """, new { Id = id, Name = name, Scopes = scopes.ToArray(), SecretHash = secretHash, CreatedBy = createdBy }, cancellationToken: cancellationToken));
    }

    /// <summary>Revokes the client; null when there is none. Revoking a revoked client changes nothing (the first revocation is kept).</summary>
    public async Task<ApiClientRow?> RevokeAsync(Guid id, string revokedBy, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ApiClientRow>(new CommandDefinition($"""
            UPDATE conversations.api_clients
            SET revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, @RevokedBy)
            WHERE id = @Id
            RETURNING {Columns}
            """, new { Id = id, RevokedBy = revokedBy }, cancellationToken: cancellationToken));
    }

    /// <summary>Keeps the newest use: reports from many instances arrive in any order.</summary>
    public async Task RecordUseAsync(Guid id, DateTimeOffset usedAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE conversations.api_clients SET last_used_at = @UsedAt
            WHERE id = @Id AND (last_used_at IS NULL OR last_used_at < @UsedAt)
            """, new { Id = id, UsedAt = usedAt }, cancellationToken: cancellationToken));
    }
}

public sealed class ApiClientRow
{
    public Guid Id { get; init; }
    public required string Name { get; init; }
    public required string[] Scopes { get; init; }
    public required string SecretHash { get; init; }
    public DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTime? LastUsedAt { get; init; }
    public DateTime? RevokedAt { get; init; }
    public string? RevokedBy { get; init; }
}
