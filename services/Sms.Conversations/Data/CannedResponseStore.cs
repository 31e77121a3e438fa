using Dapper;
using Npgsql;

namespace Sms.Conversations.Data;

/// <summary>Saved replies agents pick from (<c>conversations.canned_responses</c>).</summary>
public sealed class CannedResponseStore(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<CannedResponseRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<CannedResponseRow>(new CommandDefinition(
            "SELECT id, title, text FROM conversations.canned_responses ORDER BY title, id", cancellationToken: cancellationToken))).AsList();
    }

    public async Task<CannedResponseRow> CreateAsync(string title, string text, string createdBy, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<CannedResponseRow>(new CommandDefinition("""
            INSERT INTO conversations.canned_responses (title, text, created_by) VALUES (@Title, @Text, @CreatedBy)
            RETURNING id, title, text
            """, new { Title = title, Text = text, CreatedBy = createdBy }, cancellationToken: cancellationToken));
    }

    public async Task<CannedResponseRow?> UpdateAsync(Guid id, string title, string text, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<CannedResponseRow>(new CommandDefinition("""
            UPDATE conversations.canned_responses SET title = @Title, text = @Text, updated_at = now() WHERE id = @Id
            RETURNING id, title, text
            """, new { Id = id, Title = title, Text = text }, cancellationToken: cancellationToken));
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM conversations.canned_responses WHERE id = @Id", new { Id = id }, cancellationToken: cancellationToken)) > 0;
    }
}
