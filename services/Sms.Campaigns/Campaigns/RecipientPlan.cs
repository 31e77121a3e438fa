using Dapper;
using Sms.Campaigns.Audience;

namespace Sms.Campaigns.Campaigns;

/// <summary>
/// The one statement that plans a campaign: a row in <c>campaigns.recipients</c> per recipient, written by PostgreSQL
/// from the segment's contacts or the audience's members (<c>INSERT … SELECT</c>), so a million recipients never pass
/// through the service. Each row gets
/// <list type="bullet">
/// <item>its message id, <c>md5(campaign id : number)</c> as a uuid: the same recipient of the same campaign always has
/// the same id, so a send published again after a crash is the same send;</item>
/// <item>its due time: the send time (launch, or <c>sendAt</c>), or with a local time the first moment at or after it
/// when the recipient's clock shows that time (their own zone, else their number's, else
/// <c>Campaigns:DefaultTimeZone</c>; <c>AT TIME ZONE</c> does the daylight-saving arithmetic), plus an offset within
/// the spread window that is stable per number;</item>
/// <item>the zone it was planned in, kept with the row for support (<c>GET /v1/campaigns/{id}/recipients/{number}</c>).</item>
/// </list>
/// Numbers that are not E.164 are left out (and counted by <see cref="CommandParts.Invalid"/>). The store runs it in
/// the transaction that first removes an earlier plan of the same draft (a dry run's, made before the draft or its
/// segment changed), and <c>ON CONFLICT DO NOTHING</c> keeps two launches racing from writing a row twice.
/// Pure: builds SQL and parameters.
/// </summary>
public static class RecipientPlan
{
    /// <summary>E.164, as <c>PhoneNumbers.IsE164</c>.</summary>
    private const string ValidNumber = @"^\+[1-9][0-9]{6,14}$";

    /// <summary>The planning statement for a segment's contacts (<paramref name="segmentWhere"/>: <see cref="SegmentSql"/>'s condition on <c>c</c>).</summary>
    public static CommandParts FromSegment(Campaign campaign, string segmentWhere, DynamicParameters segmentParameters, DateTimeOffset now, string defaultTimeZone)
    {
        var parameters = new DynamicParameters(segmentParameters);
        AddSchedule(parameters, campaign, now, defaultTimeZone);
        var sql = Insert($"""
            SELECT c.number,
                   jsonb_strip_nulls(jsonb_build_object('name', c.name)) || c.attributes AS attributes,
                   COALESCE(c.time_zone, c.prefix_time_zone, @DefaultTimeZone) AS zone
            FROM campaigns.contacts c
            WHERE ({segmentWhere}) AND c.number ~ '{ValidNumber}'
            """, campaign);
        var invalid = $"SELECT count(*) FROM campaigns.contacts c WHERE ({segmentWhere}) AND c.number !~ '{ValidNumber}'";
        return new CommandParts(sql, invalid, parameters);
    }

    /// <summary>The planning statement for an uploaded audience; a member's own attributes win over the contact's.</summary>
    public static CommandParts FromAudience(Campaign campaign, Guid audienceId, DateTimeOffset now, string defaultTimeZone)
    {
        var parameters = new DynamicParameters();
        parameters.Add("AudienceId", audienceId);
        AddSchedule(parameters, campaign, now, defaultTimeZone);
        var sql = Insert($"""
            SELECT m.number,
                   COALESCE(jsonb_strip_nulls(jsonb_build_object('name', c.name)) || c.attributes, jsonb_build_object()) || m.attributes AS attributes,
                   COALESCE(c.time_zone, c.prefix_time_zone, @DefaultTimeZone) AS zone
            FROM campaigns.audience_members m
            LEFT JOIN campaigns.contacts c ON c.number = m.number
            WHERE m.audience_id = @AudienceId AND m.number ~ '{ValidNumber}'
            """, campaign);
        var invalid = $"SELECT count(*) FROM campaigns.audience_members m WHERE m.audience_id = @AudienceId AND m.number !~ '{ValidNumber}'";
        return new CommandParts(sql, invalid, parameters);
    }

    private static void AddSchedule(DynamicParameters parameters, Campaign campaign, DateTimeOffset now, string defaultTimeZone)
    {
        var start = campaign.SendAt is { } sendAt && sendAt > now ? sendAt : now;
        parameters.Add("CampaignId", campaign.Id);
        parameters.Add("Start", start.UtcDateTime);
        parameters.Add("DefaultTimeZone", defaultTimeZone);
        parameters.Add("SpreadSeconds", Math.Max(1, campaign.SpreadMinutes * 60));
        if (campaign.LocalTime is { } localTime) parameters.Add("LocalTime", localTime.ToTimeSpan());
    }

    private static string Insert(string source, Campaign campaign)
    {
        // The first day, in the recipient's zone, whose local time is at or after the start.
        var due = campaign.LocalTime is null
            ? "@Start::timestamptz"
            : """
              CASE WHEN (d.today + @LocalTime::time) AT TIME ZONE v.zone >= @Start::timestamptz
                   THEN (d.today + @LocalTime::time) AT TIME ZONE v.zone
                   ELSE (d.today + 1 + @LocalTime::time) AT TIME ZONE v.zone END
              """;
        return $"""
            INSERT INTO campaigns.recipients (campaign_id, number, message_id, attributes, due_at, time_zone)
            SELECT @CampaignId, v.number, md5(@CampaignId::text || ':' || v.number)::uuid, v.attributes,
                   {due} + make_interval(secs => ((hashtextextended(v.number, 0) & 2147483647) % @SpreadSeconds)::double precision),
                   v.zone
            FROM ({source}) v
            CROSS JOIN LATERAL (SELECT (@Start::timestamptz AT TIME ZONE v.zone)::date AS today) d
            ON CONFLICT DO NOTHING
            """;
    }
}

/// <summary>The planning statement, the count of numbers it leaves out as invalid, and their parameters.</summary>
public sealed record CommandParts(string Insert, string Invalid, DynamicParameters Parameters);
