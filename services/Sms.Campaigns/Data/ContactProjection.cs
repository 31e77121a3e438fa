using System.Text.Json;
using Dapper;
using Npgsql;
using Sms.Campaigns.Contacts;
using Sms.Contracts.Compliance;
using Sms.Contracts.Conversations;

namespace Sms.Campaigns.Data;

/// <summary>
/// The contacts a segment is chosen from (<c>campaigns.contacts</c>, <c>contact_consents</c>, <c>contact_owners</c>),
/// built from the events of the services that own each part: no service reads another's tables. Every write is an
/// upsert that keeps the newest of its part (the highest version, the latest time), so an event delivered twice or
/// after a newer one changes nothing, and whichever event names a number first creates its row, with the number's
/// country and prefix zone (<see cref="NumberPlace"/>). Each method returns whether anything changed.
/// </summary>
public sealed class ContactProjection(NpgsqlDataSource dataSource)
{
    /// <summary>The columns a new row takes from its number alone, after the part the event brings.</summary>
    private const string PlaceColumns = "country, prefix_time_zone";

    /// <summary>The inbox's snapshot of the contact (name, labels, attributes, score): the highest version wins.</summary>
    public async Task<bool> ApplyAsync(ContactChanged changed, CancellationToken cancellationToken)
    {
        var place = NumberPlace.Of(changed.Number);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO campaigns.contacts AS c (number, name, labels, attributes, engagement_score, profile_version, {PlaceColumns})
            VALUES (@Number, @Name, @Labels, @Attributes::jsonb, @Score, @Version, @Country, @PrefixTimeZone)
            ON CONFLICT (number) DO UPDATE SET
                name = EXCLUDED.name, labels = EXCLUDED.labels, attributes = EXCLUDED.attributes,
                engagement_score = EXCLUDED.engagement_score, profile_version = EXCLUDED.profile_version, updated_at = now()
            WHERE c.profile_version < EXCLUDED.profile_version
            """,
            new
            {
                changed.Number, changed.Name, Labels = changed.Labels.ToArray(),
                Attributes = JsonSerializer.Serialize(changed.Attributes), Score = changed.EngagementScore,
                changed.Version, place.Country, place.PrefixTimeZone,
            },
            cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>The contact's own zone, set or cleared (null): the newest change wins.</summary>
    public async Task<bool> ApplyAsync(ContactTimeZoneChanged changed, CancellationToken cancellationToken)
    {
        var place = NumberPlace.Of(changed.Number);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO campaigns.contacts AS c (number, time_zone, time_zone_changed_at, {PlaceColumns})
            VALUES (@Number, @TimeZone, @ChangedAt, @Country, @PrefixTimeZone)
            ON CONFLICT (number) DO UPDATE SET
                time_zone = EXCLUDED.time_zone, time_zone_changed_at = EXCLUDED.time_zone_changed_at, updated_at = now()
            WHERE c.time_zone_changed_at IS NULL OR c.time_zone_changed_at < EXCLUDED.time_zone_changed_at
            """,
            new { changed.Number, changed.TimeZone, ChangedAt = changed.ChangedAt.ToUniversalTime(), place.Country, place.PrefixTimeZone },
            cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>
    /// A consent change: each purpose it names takes its state unless that scope's purpose already holds a change
    /// recorded at the same time or later (as Conversations keeps them). One statement.
    /// </summary>
    public async Task<bool> ApplyAsync(ConsentChange change, CancellationToken cancellationToken)
    {
        var place = NumberPlace.Of(change.Number);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition($"""
            WITH contact AS (
                INSERT INTO campaigns.contacts (number, {PlaceColumns}) VALUES (@Number, @Country, @PrefixTimeZone)
                ON CONFLICT (number) DO NOTHING),
            changed AS (
                INSERT INTO campaigns.contact_consents AS k (number, scope, purpose, state, changed_at)
                SELECT @Number, @Scope, purpose, @State, @ChangedAt FROM unnest(@Purposes::text[]) AS purpose
                ON CONFLICT (number, scope, purpose) DO UPDATE SET state = EXCLUDED.state, changed_at = EXCLUDED.changed_at
                WHERE k.changed_at < EXCLUDED.changed_at
                RETURNING 1)
            SELECT count(*) FROM changed
            """,
            new
            {
                change.Number, change.Scope, change.State, Purposes = change.Purposes.ToArray(),
                ChangedAt = change.ChangedAt.ToUniversalTime(), place.Country, place.PrefixTimeZone,
            },
            cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>
    /// The latest time each number wrote to us, from a batch of its messages: one statement for the batch, each number
    /// once and in order (two batches lock the rows they share in the same order, so they never deadlock).
    /// Returns how many contacts changed.
    /// </summary>
    public async Task<int> RecordInboundAsync(IEnumerable<(string Number, DateTimeOffset ReceivedAt)> messages, CancellationToken cancellationToken)
    {
        var latest = messages
            .GroupBy(m => m.Number, StringComparer.Ordinal)
            .Select(g => (Number: g.Key, At: g.Max(m => m.ReceivedAt).UtcDateTime, Place: NumberPlace.Of(g.Key)))
            .OrderBy(m => m.Number, StringComparer.Ordinal)
            .ToList();
        if (latest.Count == 0)
            return 0;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO campaigns.contacts AS c (number, last_inbound_at, {PlaceColumns})
            SELECT * FROM unnest(@Numbers::text[], @At::timestamptz[], @Countries::text[], @Zones::text[]) ORDER BY 1
            ON CONFLICT (number) DO UPDATE SET last_inbound_at = EXCLUDED.last_inbound_at, updated_at = now()
            WHERE c.last_inbound_at IS NULL OR c.last_inbound_at < EXCLUDED.last_inbound_at
            """,
            new
            {
                Numbers = latest.Select(m => m.Number).ToArray(), At = latest.Select(m => m.At).ToArray(),
                Countries = latest.Select(m => m.Place.Country).ToArray(), Zones = latest.Select(m => m.Place.PrefixTimeZone).ToArray(),
            },
            cancellationToken: cancellationToken));
    }

    /// <summary>
    /// A conversation's new owner (the highest version of that conversation wins); the contact is owned by people while
    /// any of its conversations is. The contact's row is locked first, so two owner changes of one contact's
    /// conversations at once each see the other's before they compute the flag.
    /// </summary>
    public async Task<bool> ApplyAsync(ConversationOwnerChanged changed, CancellationToken cancellationToken)
    {
        var place = NumberPlace.Of(changed.CustomerNumber);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var arguments = new
        {
            Number = changed.CustomerNumber, changed.ConversationId, People = changed.Owner == ConversationOwner.People,
            changed.Version, place.Country, place.PrefixTimeZone,
        };
        await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO campaigns.contacts (number, {PlaceColumns}) VALUES (@Number, @Country, @PrefixTimeZone) ON CONFLICT (number) DO NOTHING;
            SELECT 1 FROM campaigns.contacts WHERE number = @Number FOR UPDATE
            """, arguments, transaction, cancellationToken: cancellationToken));
        var changedOwner = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO campaigns.contact_owners AS o (number, conversation_id, owned_by_people, version)
            VALUES (@Number, @ConversationId, @People, @Version)
            ON CONFLICT (number, conversation_id) DO UPDATE SET owned_by_people = EXCLUDED.owned_by_people, version = EXCLUDED.version
            WHERE o.version < EXCLUDED.version
            """, arguments, transaction, cancellationToken: cancellationToken)) > 0;
        if (changedOwner)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE campaigns.contacts c SET
                    owned_by_people = EXISTS (SELECT 1 FROM campaigns.contact_owners o WHERE o.number = c.number AND o.owned_by_people),
                    updated_at = now()
                WHERE c.number = @Number
                """, arguments, transaction, cancellationToken: cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
        return changedOwner;
    }

    /// <summary>True when the projection holds no contact yet: a fresh service asks Conversations for them all.</summary>
    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM campaigns.contacts)", cancellationToken: cancellationToken));
    }
}
