using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Npgsql;
using Sms.Campaigns.Audience;

namespace Sms.Campaigns.Data;

/// <summary>A saved segment as the API shows it.</summary>
public sealed record SavedSegment(Guid Id, string Name, SegmentDefinition Definition, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A contact of a preview's sample: the number masked (<c>Redact.Phone</c>), as a list shows it.</summary>
public sealed record SegmentSampleContact(string Number, string? Name, IReadOnlyList<string> Labels, int EngagementScore);

/// <summary>How many contacts a segment selects now, and the first of them (highest engagement first).</summary>
public sealed record SegmentPreview(long Count, IReadOnlyList<SegmentSampleContact> Sample);

/// <summary>Why a segment was not deleted.</summary>
public enum SegmentDeletion
{
    Deleted,
    NotFound,

    /// <summary>A campaign chose its recipients by it, or another segment excludes it.</summary>
    InUse,
}

/// <summary>
/// The saved segments (<c>campaigns.segments</c>) and their previews over the contact projection. The SQL of a segment
/// comes only from <see cref="SegmentSql"/>. Errors propagate.
/// </summary>
public sealed class SegmentStore(NpgsqlDataSource dataSource)
{
    /// <summary>How many contacts a preview shows.</summary>
    public const int SampleSize = 10;

    /// <summary>The definition's JSON as stored, and the JSON the campaign API reads: camelCase, enums by name.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<SavedSegment> CreateAsync(string name, SegmentDefinition definition, string createdBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7(now);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO campaigns.segments (id, name, definition, created_by, created_at, updated_at)
            VALUES (@Id, @Name, @Definition::jsonb, @CreatedBy, @Now, @Now)
            """, new { Id = id, Name = name, Definition = JsonSerializer.Serialize(definition, Json), CreatedBy = createdBy, Now = now.UtcDateTime },
            cancellationToken: cancellationToken));
        return new SavedSegment(id, name, definition, createdBy, now, now);
    }

    /// <summary>Replaces the name and conditions; null when there is no such segment.</summary>
    public async Task<SavedSegment?> UpdateAsync(Guid id, string name, SegmentDefinition definition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            UPDATE campaigns.segments SET name = @Name, definition = @Definition::jsonb, updated_at = @Now WHERE id = @Id
            RETURNING id, name, definition::text AS definition, created_by AS CreatedBy, created_at AS CreatedAt, updated_at AS UpdatedAt
            """, new { Id = id, Name = name, Definition = JsonSerializer.Serialize(definition, Json), Now = now.UtcDateTime },
            cancellationToken: cancellationToken));
        return row?.ToSegment();
    }

    public async Task<SavedSegment?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT id, name, definition::text AS definition, created_by AS CreatedBy, created_at AS CreatedAt, updated_at AS UpdatedAt FROM campaigns.segments WHERE id = @Id",
            new { Id = id }, cancellationToken: cancellationToken));
        return row?.ToSegment();
    }

    /// <summary>Every saved segment, newest first.</summary>
    public async Task<IReadOnlyList<SavedSegment>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT id, name, definition::text AS definition, created_by AS CreatedBy, created_at AS CreatedAt, updated_at AS UpdatedAt FROM campaigns.segments ORDER BY created_at DESC, id",
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToSegment()).ToList();
    }

    /// <summary>Every saved segment's conditions by id: what a segment's exclusions are resolved against.</summary>
    public async Task<IReadOnlyDictionary<Guid, SegmentDefinition>> DefinitionsAsync(CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).ToDictionary(s => s.Id, s => s.Definition);

    /// <summary>Deletes the segment unless a campaign uses it or another segment excludes it.</summary>
    public async Task<SegmentDeletion> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Locked first, so a campaign created meanwhile cannot take a segment that is going.
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM campaigns.segments WHERE id = @Id FOR UPDATE)", new { Id = id }, transaction, cancellationToken: cancellationToken));
        if (!exists) return SegmentDeletion.NotFound;
        var used = await connection.ExecuteScalarAsync<bool>(new CommandDefinition("""
            SELECT EXISTS (SELECT 1 FROM campaigns.campaigns WHERE segment_id = @Id)
                OR EXISTS (SELECT 1 FROM campaigns.segments s WHERE s.definition -> 'excludeSegments' ? @Text)
            """, new { Id = id, Text = id.ToString() }, transaction, cancellationToken: cancellationToken));
        if (used) return SegmentDeletion.InUse;
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM campaigns.segments WHERE id = @Id", new { Id = id }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return SegmentDeletion.Deleted;
    }

    /// <summary>How many contacts <paramref name="definition"/> selects now, and a sample of them.</summary>
    /// <exception cref="SegmentException">The definition cannot be a query (an exclusion that does not exist).</exception>
    public async Task<SegmentPreview> PreviewAsync(
        SegmentDefinition definition, IReadOnlyDictionary<Guid, SegmentDefinition> saved, string defaultScope, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var (where, parameters) = SegmentSql.Build(definition, id => saved.GetValueOrDefault(id), defaultScope, now);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT count(*) FROM campaigns.contacts c WHERE {where}", parameters, cancellationToken: cancellationToken));
        var sample = await connection.QueryAsync<SampleRow>(new CommandDefinition(
            $"""
            SELECT c.number, c.name, c.labels, c.engagement_score AS EngagementScore FROM campaigns.contacts c WHERE {where}
            ORDER BY c.engagement_score DESC, c.number LIMIT {SampleSize}
            """, parameters, cancellationToken: cancellationToken));
        return new SegmentPreview(count, sample.Select(s => new SegmentSampleContact(
            ServiceDefaults.Telemetry.Redact.Phone(s.Number), s.Name, s.Labels, s.EngagementScore)).ToList());
    }

    private sealed record Row(Guid Id, string Name, string Definition, string CreatedBy, DateTime CreatedAt, DateTime UpdatedAt)
    {
        public SavedSegment ToSegment() => new(Id, Name, JsonSerializer.Deserialize<SegmentDefinition>(Definition, Json)!, CreatedBy,
            new DateTimeOffset(CreatedAt.ToUniversalTime()), new DateTimeOffset(UpdatedAt.ToUniversalTime()));
    }

    /// <summary>Settable rather than positional: Dapper matches a constructor by the reader's types, and a text[] reads as Array.</summary>
    private sealed class SampleRow
    {
        public string Number { get; init; } = "";

        public string? Name { get; init; }

        public string[] Labels { get; init; } = [];

        public int EngagementScore { get; init; }
    }
}
