using Dapper;
using Npgsql;
using Sms.Compliance.Consent;

namespace Sms.Compliance.Data;

/// <summary>
/// Contacts' own time zones (<c>compliance.contact_time_zones</c>), one per number: when a number has one, quiet hours
/// use it rather than the zones of the number's prefix. Errors propagate (a send that cannot read it is retried).
/// </summary>
public sealed class ContactTimeZones(NpgsqlDataSource dataSource)
{
    /// <summary>Sets (or replaces) the zone of <paramref name="number"/>; <paramref name="source"/> says where it came from.</summary>
    public async Task SetAsync(string number, TimeZoneInfo zone, string source, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO compliance.contact_time_zones (number, time_zone, source) VALUES (@Number, @TimeZone, @Source)
            ON CONFLICT (number) DO UPDATE SET time_zone = EXCLUDED.time_zone, source = EXCLUDED.source, updated_at = now()
            """, new { Number = number, TimeZone = zone.Id, Source = source }, cancellationToken: cancellationToken));
    }

    /// <summary>Removes the number's zone; quiet hours go back to the number's prefix. False when it had none.</summary>
    public async Task<bool> ClearAsync(string number, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM compliance.contact_time_zones WHERE number = @Number",
            new { Number = number }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>The number's zone id as stored, or null.</summary>
    public async Task<string?> GetIdAsync(string number, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT time_zone FROM compliance.contact_time_zones WHERE number = @Number",
            new { Number = number }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The number's zone, or null when it has none (or a stored id this machine's time-zone data no longer knows: then
    /// the number's prefix decides, as if none were set).
    /// </summary>
    public async Task<TimeZoneInfo?> GetAsync(string number, CancellationToken cancellationToken) =>
        ContactTimeZone.TryParse(await GetIdAsync(number, cancellationToken), out var zone, out _) ? zone : null;

    /// <summary>The zones of many numbers in one query, as <see cref="GetAsync"/> reads each; a number without one is absent.</summary>
    public async Task<IReadOnlyDictionary<string, TimeZoneInfo>> GetManyAsync(IReadOnlyCollection<string> numbers, CancellationToken cancellationToken)
    {
        var zones = new Dictionary<string, TimeZoneInfo>(StringComparer.Ordinal);
        if (numbers.Count == 0) return zones;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Number, string TimeZone)>(new CommandDefinition(
            "SELECT number, time_zone FROM compliance.contact_time_zones WHERE number = ANY(@Numbers)",
            new { Numbers = numbers.Distinct().ToArray() }, cancellationToken: cancellationToken));
        foreach (var (number, id) in rows)
        {
            if (ContactTimeZone.TryParse(id, out var zone, out _)) zones[number] = zone;
        }
        return zones;
    }
}
