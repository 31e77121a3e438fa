using Dapper;
using Npgsql;
using Sms.Contracts.Conversations;

namespace Sms.Conversations.Data;

/// <summary>
/// Every contact as a <see cref="ContactChanged"/>, page by page in the order of their numbers: the answer to
/// <see cref="ContactsRequested"/>. The snapshot is the one the contacts' triggers write to the outbox
/// (<c>conversations.contact_changed</c>, migration V0024), so a contact sent whole here and one announced on a change
/// are alike.
/// </summary>
public sealed class ContactFeed(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Up to <paramref name="limit"/> contacts whose numbers follow <paramref name="after"/> (from the first when null).
    /// One statement and no transaction: a contact changed between pages is read as it is then, and its change is
    /// announced through the outbox anyway, with a higher version.
    /// </summary>
    public async Task<IReadOnlyList<ContactChanged>> PageAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var payloads = await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT conversations.contact_changed(c)::text FROM conversations.contacts c
            WHERE @After::text IS NULL OR c.number > @After::text
            ORDER BY c.number LIMIT @Limit
            """, new { After = after, Limit = limit }, cancellationToken: cancellationToken));
        return payloads.Select(p => (ContactChanged)Outbox.Read(nameof(ContactChanged), p)).ToList();
    }
}
