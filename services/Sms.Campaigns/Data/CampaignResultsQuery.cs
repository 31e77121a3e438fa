using System.Text.Json;
using Dapper;
using Npgsql;
using Sms.Campaigns.Campaigns;

namespace Sms.Campaigns.Data;

/// <summary>
/// Counts a campaign's results in one aggregate query over its recipient rows (<see cref="CampaignResults"/> makes
/// the figures of them). The destination country is the contact's, else the one derived from the number when the
/// message was sent. Read while the campaign runs as well as after: it reads the rows as they stand.
/// </summary>
public sealed class CampaignResultsQuery(NpgsqlDataSource dataSource)
{
    private const string Sql = """
        WITH r AS (
            SELECT r.state, r.reason, r.segments, r.published_at, r.sent_at, r.replied_at, r.matched_keyword,
                   r.matched_option, r.opted_out_at, r.handed_off_at, r.flow_completed_at, r.clicked_at,
                   COALESCE(c.country, r.country, '') AS country
            FROM campaigns.recipients r
            LEFT JOIN campaigns.contacts c ON c.number = r.number
            WHERE r.campaign_id = @Id)
        SELECT k.status AS Status, k.flow_name IS NOT NULL AS IsFlow, a.*,
            (SELECT COALESCE(jsonb_object_agg(reason, n), '{}')::text FROM (
                SELECT COALESCE(reason, 'unknown') AS reason, count(*) AS n FROM r WHERE state = 'suppressed' GROUP BY 1) s) AS SuppressedByReason,
            (SELECT COALESCE(jsonb_object_agg(country, n), '{}')::text FROM (
                SELECT country, sum(segments) AS n FROM r WHERE segments IS NOT NULL GROUP BY 1) s) AS SegmentsByCountry,
            (SELECT COALESCE(jsonb_object_agg(matched_option, n), '{}')::text FROM (
                SELECT matched_option, count(*) AS n FROM r WHERE matched_keyword AND matched_option IS NOT NULL GROUP BY 1) s) AS RepliesByOption,
            (SELECT COALESCE(jsonb_agg(jsonb_build_object('position', position, 'url', url, 'recipients', recipients, 'clicks', clicks) ORDER BY position), '[]')::text FROM (
                SELECT l.position, l.url, count(c.message_id) AS recipients, COALESCE(sum(c.clicks), 0) AS clicks
                FROM campaigns.links l LEFT JOIN campaigns.link_clicks c ON c.link_id = l.id
                WHERE l.campaign_id = @Id GROUP BY l.id) s) AS Links
        FROM campaigns.campaigns k
        CROSS JOIN LATERAL (
            SELECT
                count(*)::int AS Recipients,
                count(*) FILTER (WHERE published_at IS NOT NULL)::int AS Published,
                count(*) FILTER (WHERE sent_at IS NOT NULL OR state IN ('sent', 'delivered'))::int AS Sent,
                count(*) FILTER (WHERE state = 'delivered')::int AS Delivered,
                count(*) FILTER (WHERE state = 'failed')::int AS Failed,
                count(*) FILTER (WHERE state = 'deferred')::int AS Deferred,
                count(*) FILTER (WHERE replied_at IS NOT NULL)::int AS Replies,
                count(*) FILTER (WHERE matched_keyword)::int AS KeywordMatches,
                count(*) FILTER (WHERE opted_out_at IS NOT NULL)::int AS OptOuts,
                count(*) FILTER (WHERE handed_off_at IS NOT NULL)::int AS Handoffs,
                count(*) FILTER (WHERE flow_completed_at IS NOT NULL)::int AS FlowCompletions,
                count(*) FILTER (WHERE clicked_at IS NOT NULL)::int AS Clicks,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM replied_at - sent_at))
                    FILTER (WHERE replied_at >= sent_at) AS MedianSecondsToReply
            FROM r) a
        WHERE k.id = @Id
        """;

    private static readonly JsonSerializerOptions LinkJson = new(JsonSerializerDefaults.Web);

    /// <summary>The counts, or null when there is no such campaign.</summary>
    public async Task<CampaignResultCounts?> CountAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Sql, new { Id = campaignId }, cancellationToken: cancellationToken));
        return row is null ? null : new CampaignResultCounts
        {
            Status = row.Status,
            IsFlow = row.IsFlow,
            Recipients = row.Recipients,
            Published = row.Published,
            Sent = row.Sent,
            Delivered = row.Delivered,
            Failed = row.Failed,
            Deferred = row.Deferred,
            Replies = row.Replies,
            KeywordMatches = row.KeywordMatches,
            OptOuts = row.OptOuts,
            Handoffs = row.Handoffs,
            FlowCompletions = row.FlowCompletions,
            Clicks = row.Clicks,
            MedianSecondsToReply = row.MedianSecondsToReply,
            SuppressedByReason = JsonSerializer.Deserialize<Dictionary<string, int>>(row.SuppressedByReason)!,
            SegmentsByCountry = JsonSerializer.Deserialize<Dictionary<string, long>>(row.SegmentsByCountry)!,
            RepliesByOption = JsonSerializer.Deserialize<Dictionary<string, int>>(row.RepliesByOption)!,
            Links = JsonSerializer.Deserialize<List<LinkResult>>(row.Links, LinkJson)!,
        };
    }

    /// <summary>The query's one row, as Dapper reads it.</summary>
    public sealed record Row
    {
        public string Status { get; init; } = "";
        public bool IsFlow { get; init; }
        public int Recipients { get; init; }
        public int Published { get; init; }
        public int Sent { get; init; }
        public int Delivered { get; init; }
        public int Failed { get; init; }
        public int Deferred { get; init; }
        public int Replies { get; init; }
        public int KeywordMatches { get; init; }
        public int OptOuts { get; init; }
        public int Handoffs { get; init; }
        public int FlowCompletions { get; init; }
        public int Clicks { get; init; }
        public double? MedianSecondsToReply { get; init; }
        public string SuppressedByReason { get; init; } = "{}";
        public string SegmentsByCountry { get; init; } = "{}";
        public string RepliesByOption { get; init; } = "{}";
        public string Links { get; init; } = "[]";
    }
}
