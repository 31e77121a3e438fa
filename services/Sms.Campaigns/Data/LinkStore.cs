using Dapper;
using Npgsql;
using Sms.Contracts.Campaigns;
using Sms.ServiceDefaults.Security;

namespace Sms.Campaigns.Data;

/// <summary>
/// A campaign's tracked links (<c>campaigns.links</c>) and their clicks (<c>campaigns.link_clicks</c>, the recipient's
/// <c>clicked_at</c>): README, "Link clicks".
/// </summary>
public sealed class LinkStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// The ids of the campaign's links to <paramref name="destinations"/>, in order, written the first time they are
    /// asked for. Two instances asking at once get the same ids (<c>ON CONFLICT</c>); a campaign's text does not change
    /// once it runs, so its links never do either.
    /// </summary>
    public async Task<IReadOnlyList<long>> EnsureAsync(Guid campaignId, IReadOnlyList<string> destinations, CancellationToken cancellationToken)
    {
        if (destinations.Count == 0) return [];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO campaigns.links (campaign_id, position, url)
            SELECT @CampaignId, t.position, t.url FROM unnest(@Urls) WITH ORDINALITY AS t(url, position)
            ON CONFLICT (campaign_id, position) DO NOTHING
            """, new { CampaignId = campaignId, Urls = destinations.ToArray() }, cancellationToken: cancellationToken));
        var ids = (await connection.QueryAsync<long>(new CommandDefinition("""
            SELECT id FROM campaigns.links WHERE campaign_id = @CampaignId AND position <= @Count ORDER BY position
            """, new { CampaignId = campaignId, destinations.Count }, cancellationToken: cancellationToken))).AsList();
        return ids.Count == destinations.Count
            ? ids
            : throw new InvalidOperationException($"Campaign {campaignId} has {ids.Count} links stored for {destinations.Count} in its text.");
    }

    /// <summary>The id of the newest link stored (0 before any): how long the next links' codes will be (<see cref="Content.LinkTracking.TrackLongest"/>).</summary>
    public async Task<long> NewestIdAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM campaigns.links_id_seq", cancellationToken: cancellationToken));
    }

    /// <summary>The campaign and destination of a link, or null when there is none of that id.</summary>
    public async Task<TrackedLinkFound?> FindAsync(long linkId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(Guid CampaignId, string Url)>(new CommandDefinition(
            "SELECT campaign_id, url FROM campaigns.links WHERE id = @Id", new { Id = linkId }, cancellationToken: cancellationToken));
        return row == default ? null : new TrackedLinkFound { LinkId = linkId, CampaignId = row.CampaignId, Url = row.Url };
    }

    /// <summary>
    /// Records a click: the recipient's row for the link (first click kept, clicks counted) and their first click on
    /// the campaign. The recipient is the campaign's one whose message id starts with the click's recipient key.
    /// </summary>
    /// <returns>False when the link is not the campaign's, or no recipient of it has that key: nothing was recorded.</returns>
    public async Task<bool> RecordClickAsync(TrackedLinkClicked click, CancellationToken cancellationToken)
    {
        var (first, last) = TrackedLinkCode.MessageIdRange(click.RecipientKey);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var recorded = await connection.ExecuteAsync(new CommandDefinition("""
            WITH recipient AS (
                SELECT r.message_id FROM campaigns.recipients r
                JOIN campaigns.links l ON l.id = @LinkId AND l.campaign_id = r.campaign_id
                WHERE r.campaign_id = @CampaignId AND r.message_id BETWEEN @First AND @Last
                LIMIT 1),
            click AS (
                INSERT INTO campaigns.link_clicks (link_id, message_id, first_clicked_at)
                SELECT @LinkId, message_id, @At FROM recipient
                ON CONFLICT (link_id, message_id) DO UPDATE
                    SET clicks = campaigns.link_clicks.clicks + 1,
                        first_clicked_at = LEAST(campaigns.link_clicks.first_clicked_at, EXCLUDED.first_clicked_at)
                RETURNING message_id)
            UPDATE campaigns.recipients r SET clicked_at = LEAST(COALESCE(r.clicked_at, @At), @At)
            FROM click WHERE r.campaign_id = @CampaignId AND r.message_id = click.message_id
            """, new { click.LinkId, click.CampaignId, First = first, Last = last, At = click.ClickedAt.UtcDateTime },
            cancellationToken: cancellationToken));
        return recorded > 0;
    }
}
