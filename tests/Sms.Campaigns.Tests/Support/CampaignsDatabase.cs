using Dapper;
using Npgsql;
using Sms.Testing;

namespace Sms.Campaigns.Tests.Support;

/// <summary>The campaigns schema on the test database, migrated once per run; tests keep apart by their numbers.</summary>
public static class CampaignsDatabase
{
    public static Task<NpgsqlDataSource> GetAsync() => TestDatabase.GetAsync("campaigns", typeof(Program).Assembly);

    /// <summary>Puts a contact straight into the projection, as its events would have.</summary>
    public static async Task AddContactAsync(
        this NpgsqlDataSource dataSource, string number, string[]? labels = null, int score = 0, string? timeZone = null,
        string? country = null, DateTimeOffset? lastInboundAt = null, bool ownedByPeople = false, string attributesJson = "{}")
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO campaigns.contacts (number, labels, engagement_score, time_zone, country, last_inbound_at, owned_by_people, attributes)
            VALUES (@Number, @Labels, @Score, @TimeZone, @Country, @LastInboundAt, @OwnedByPeople, @Attributes::jsonb)
            """,
            new
            {
                Number = number, Labels = labels ?? [], Score = score, TimeZone = timeZone, Country = country,
                LastInboundAt = lastInboundAt?.ToUniversalTime(), OwnedByPeople = ownedByPeople, Attributes = attributesJson,
            });
    }
}
