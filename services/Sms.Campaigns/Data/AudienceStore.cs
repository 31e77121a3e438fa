using System.Text.Json;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using Sms.Campaigns.Audience;

namespace Sms.Campaigns.Data;

/// <summary>An uploaded audience as a list shows it.</summary>
public sealed record AudienceSummary(Guid Id, string Name, int Members, int BadRows, int Duplicates, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>An uploaded audience with every row that is not in it, by line.</summary>
public sealed record AudienceDetail(
    Guid Id, string Name, int Members, IReadOnlyList<AudienceRowProblem> BadRows, IReadOnlyList<AudienceRowProblem> Duplicates,
    string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>
/// Uploaded audiences (<c>campaigns.audiences</c>, <c>campaigns.audience_members</c>): the members are written with
/// PostgreSQL's binary COPY, so a million rows take seconds, in the same transaction as the audience, so an upload is
/// there whole or not at all. The rows that are not members (bad rows and duplicates) are kept with it, by line.
/// </summary>
public sealed class AudienceStore(NpgsqlDataSource dataSource)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<AudienceDetail> CreateAsync(string name, AudienceParse parsed, string createdBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7(now);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await WriteAsync(connection, transaction, id, name, parsed, createdBy, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Detail(id, name, parsed.Members.Count, parsed.Problems, createdBy, now);
    }

    /// <summary>
    /// Writes an audience and its members in the caller's transaction: an upload here, a campaign's own list of numbers
    /// (<c>CampaignStore.CreateAsync</c>) there, so both are stored, and counted, the same way.
    /// </summary>
    public static async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, string name, AudienceParse parsed, string createdBy,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO campaigns.audiences (id, name, rows, bad_rows, created_by, created_at)
            VALUES (@Id, @Name, @Rows, @BadRows::jsonb, @CreatedBy, @Now)
            """, new
            {
                Id = id, Name = name, Rows = parsed.Members.Count, BadRows = JsonSerializer.Serialize(parsed.Problems, Json),
                CreatedBy = createdBy, Now = now.UtcDateTime,
            }, transaction, cancellationToken: cancellationToken));
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY campaigns.audience_members (audience_id, number, attributes) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var member in parsed.Members)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(member.Number, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(JsonSerializer.Serialize(member.Attributes, Json), NpgsqlDbType.Jsonb, cancellationToken);
        }
        await writer.CompleteAsync(cancellationToken);
    }

    /// <summary>SQL counting an audience's left-out rows (<c>a.bad_rows</c>): those that repeat a number, and the others.</summary>
    public const string DuplicateRows = "jsonb_typeof(b -> 'duplicateOf') = 'number'";

    /// <summary>Every audience, newest first.</summary>
    public async Task<IReadOnlyList<AudienceSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SummaryRow>(new CommandDefinition($"""
            SELECT id, name, rows AS Members,
                   (SELECT count(*) FROM jsonb_array_elements(bad_rows) b WHERE NOT ({DuplicateRows}))::int AS BadRows,
                   (SELECT count(*) FROM jsonb_array_elements(bad_rows) b WHERE {DuplicateRows})::int AS Duplicates,
                   created_by AS CreatedBy, created_at AS CreatedAt
            FROM campaigns.audiences ORDER BY created_at DESC, id
            """, cancellationToken: cancellationToken));
        return rows.Select(r => new AudienceSummary(r.Id, r.Name, r.Members, r.BadRows, r.Duplicates, r.CreatedBy, new DateTimeOffset(r.CreatedAt.ToUniversalTime()))).ToList();
    }

    public async Task<AudienceDetail?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<DetailRow>(new CommandDefinition(
            "SELECT id, name, rows AS Members, bad_rows::text AS BadRows, created_by AS CreatedBy, created_at AS CreatedAt FROM campaigns.audiences WHERE id = @Id",
            new { Id = id }, cancellationToken: cancellationToken));
        return row is null ? null
            : Detail(row.Id, row.Name, row.Members, JsonSerializer.Deserialize<List<AudienceRowProblem>>(row.BadRows, Json)!, row.CreatedBy,
                new DateTimeOffset(row.CreatedAt.ToUniversalTime()));
    }

    private static AudienceDetail Detail(Guid id, string name, int members, IReadOnlyList<AudienceRowProblem> problems, string createdBy, DateTimeOffset createdAt) =>
        new(id, name, members, problems.Where(p => p.DuplicateOf is null).ToList(), problems.Where(p => p.DuplicateOf is not null).ToList(), createdBy, createdAt);

    private sealed record SummaryRow(Guid Id, string Name, int Members, int BadRows, int Duplicates, string CreatedBy, DateTime CreatedAt);

    private sealed record DetailRow(Guid Id, string Name, int Members, string BadRows, string CreatedBy, DateTime CreatedAt);
}
