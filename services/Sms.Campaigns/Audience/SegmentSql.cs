using Dapper;

namespace Sms.Campaigns.Audience;

/// <summary>
/// A <see cref="SegmentDefinition"/> as a SQL condition on <c>campaigns.contacts c</c>, with its parameters: the one
/// place a segment means something, used by the preview count and sample and by planning a campaign. Pure.
/// </summary>
public sealed class SegmentSql
{
    /// <summary>How deep segments may exclude segments that exclude segments.</summary>
    public const int MaxExclusionDepth = 3;

    private readonly DynamicParameters _parameters = new();
    private readonly Func<Guid, SegmentDefinition?> _segments;
    private readonly string _defaultScope;
    private int _next;

    private SegmentSql(Func<Guid, SegmentDefinition?> segments, string defaultScope)
    {
        _segments = segments;
        _defaultScope = defaultScope;
    }

    /// <param name="definition">The segment.</param>
    /// <param name="segments">The saved segments it may exclude, by id (unknown ids are an error).</param>
    /// <param name="defaultScope">The brand scope of a consent condition that names none.</param>
    /// <param name="now">For "sent within the last hours".</param>
    public static (string Where, DynamicParameters Parameters) Build(
        SegmentDefinition definition, Func<Guid, SegmentDefinition?> segments, string defaultScope, DateTimeOffset now)
    {
        var sql = new SegmentSql(segments, defaultScope);
        var where = sql.Conditions(definition, "c", now, depth: 0);
        return (where, sql._parameters);
    }

    private string Conditions(SegmentDefinition d, string c, DateTimeOffset now, int depth)
    {
        var all = new List<string>();
        if (d.LabelsAll.Count > 0) all.Add($"{c}.labels @> {Add(d.LabelsAll.ToArray())}");
        if (d.LabelsAny.Count > 0) all.Add($"{c}.labels && {Add(d.LabelsAny.ToArray())}");
        if (d.LabelsNone.Count > 0) all.Add($"NOT ({c}.labels && {Add(d.LabelsNone.ToArray())})");
        foreach (var a in d.Attributes)
        {
            var name = Add(a.Name);
            all.Add(a.Operator switch
            {
                AttributeOperator.Equals => $"lower({c}.attributes ->> {name}) = lower({Add(a.Value ?? "")})",
                AttributeOperator.NotEquals => $"lower({c}.attributes ->> {name}) IS DISTINCT FROM lower({Add(a.Value ?? "")})",
                AttributeOperator.Contains => $"strpos(lower({c}.attributes ->> {name}), lower({Add(a.Value ?? "")})) > 0",
                AttributeOperator.Exists => $"{c}.attributes ? {name}",
                AttributeOperator.Missing => $"NOT ({c}.attributes ? {name})",
                _ => throw new ArgumentOutOfRangeException(nameof(d), a.Operator, "unknown attribute operator"),
            });
        }
        if (d.EngagementMin is { } min) all.Add($"{c}.engagement_score >= {Add(min)}");
        if (d.EngagementMax is { } max) all.Add($"{c}.engagement_score <= {Add(max)}");
        if (d.Consent is { } consent)
        {
            var state = $"(SELECT s.state FROM campaigns.contact_consents s WHERE s.number = {c}.number AND s.scope = {Add(consent.Scope ?? _defaultScope)} AND s.purpose = {Add(consent.Purpose)})";
            all.Add(consent.State switch
            {
                ConsentFilter.OptedIn => $"{state} = 'opted_in'",
                ConsentFilter.NotOptedOut => $"{state} IS DISTINCT FROM 'opted_out'",
                ConsentFilter.OptedOut => $"{state} = 'opted_out'",
                ConsentFilter.Unknown => $"{state} IS NULL",
                _ => throw new ArgumentOutOfRangeException(nameof(d), consent.State, "unknown consent filter"),
            });
        }
        if (d.Countries.Count > 0) all.Add($"{c}.country = ANY({Add(d.Countries.Select(x => x.ToUpperInvariant()).ToArray())})");
        if (d.TimeZones.Count > 0) all.Add($"COALESCE({c}.time_zone, {c}.prefix_time_zone) = ANY({Add(d.TimeZones.ToArray())})");
        if (d.LastReplyAfter is { } after) all.Add($"{c}.last_inbound_at > {Add(after.ToUniversalTime())}");
        if (d.LastReplyBefore is { } before) all.Add($"({c}.last_inbound_at IS NULL OR {c}.last_inbound_at < {Add(before.ToUniversalTime())})");
        foreach (var campaign in d.Campaigns)
        {
            var received = $"r.campaign_id = {Add(campaign.CampaignId)} AND r.number = {c}.number AND r.sent_at IS NOT NULL";
            all.Add(campaign.Outcome switch
            {
                CampaignOutcome.Received => $"EXISTS (SELECT 1 FROM campaigns.recipients r WHERE {received})",
                CampaignOutcome.Replied => $"EXISTS (SELECT 1 FROM campaigns.recipients r WHERE {received} AND r.replied_at IS NOT NULL)",
                CampaignOutcome.NotReplied => $"EXISTS (SELECT 1 FROM campaigns.recipients r WHERE {received} AND r.replied_at IS NULL)",
                CampaignOutcome.Clicked => $"EXISTS (SELECT 1 FROM campaigns.recipients r WHERE {received} AND r.clicked_at IS NOT NULL)",
                CampaignOutcome.NotClicked => $"EXISTS (SELECT 1 FROM campaigns.recipients r WHERE {received} AND r.clicked_at IS NULL)",
                _ => throw new ArgumentOutOfRangeException(nameof(d), campaign.Outcome, "unknown campaign outcome"),
            });
        }
        if (d.ExcludeRecentRecipientsHours is { } hours)
            all.Add($"NOT EXISTS (SELECT 1 FROM campaigns.recipients r WHERE r.number = {c}.number AND r.published_at > {Add(now.ToUniversalTime().AddHours(-hours))})");
        if (d.ExcludeOwnedByPeople) all.Add($"NOT {c}.owned_by_people");
        foreach (var id in d.ExcludeSegments)
        {
            if (depth >= MaxExclusionDepth)
                throw new SegmentException($"segments exclude segments more than {MaxExclusionDepth} deep");
            var excluded = _segments(id) ?? throw new SegmentException($"the excluded segment {id} does not exist");
            var inner = $"x{depth + 1}";
            all.Add($"NOT EXISTS (SELECT 1 FROM campaigns.contacts {inner} WHERE {inner}.number = {c}.number AND {Conditions(excluded, inner, now, depth + 1)})");
        }
        return all.Count == 0 ? "true" : string.Join(" AND ", all);
    }

    private string Add(object value)
    {
        var name = "s" + _next++;
        _parameters.Add(name, value);
        return "@" + name;
    }
}

/// <summary>A segment that cannot be turned into a query; the message says why, for the caller.</summary>
public sealed class SegmentException(string message) : Exception(message);
