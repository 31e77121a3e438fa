using Sms.ServiceDefaults.Text;

namespace Sms.Campaigns.Audience;

/// <summary>
/// Whether a segment can be saved or previewed, field by field, as a 400 names them: a name, a range whose minimum is
/// not above its maximum, attribute conditions that say what to compare, known purposes and time zones, and
/// exclusions of segments that exist, that do not come back round to the segment itself, and that go no deeper than
/// <see cref="SegmentSql.MaxExclusionDepth"/>. Pure: the saved segments are given.
/// </summary>
public static class SegmentValidator
{
    public const int MaxNameLength = 200;

    /// <summary>Ten years: more than any recipient list goes back, and far from where "now minus the hours" leaves the calendar.</summary>
    public const int MaxExcludeRecentRecipientsHours = 10 * 366 * 24;

    /// <summary>The longest label or attribute name a condition may name.</summary>
    public const int MaxTextLength = 100;

    /// <param name="name">The segment's name; null for a preview, which has none.</param>
    /// <param name="definition">The conditions.</param>
    /// <param name="id">The segment's own id when it is saved already (a change), else null.</param>
    /// <param name="saved">The saved segments' definitions, by id.</param>
    public static Dictionary<string, string[]> Validate(
        string? name, SegmentDefinition? definition, Guid? id, IReadOnlyDictionary<Guid, SegmentDefinition> saved, bool nameRequired)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string error) => errors[field] = [.. errors.GetValueOrDefault(field, []), error];

        // Every text goes to PostgreSQL: one it cannot hold (a NUL, a lone surrogate) is the caller's mistake, not a 500.
        void Text(string field, string? value, int maxLength)
        {
            if (value is not null && MessageText.Problem(value, maxLength) is { } problem) Add(field, problem);
        }

        if (nameRequired && string.IsNullOrWhiteSpace(name)) Add("name", "A segment needs a name.");
        else Text("name", name, MaxNameLength);
        if (definition is null)
        {
            Add("definition", "The conditions of the segment are required ({} for every contact).");
            return errors;
        }

        // JSON may say null where a list is expected; the query would then fail rather than say which.
        var lists = new (string Field, object? List)[]
        {
            ("labelsAll", definition.LabelsAll), ("labelsAny", definition.LabelsAny), ("labelsNone", definition.LabelsNone),
            ("attributes", definition.Attributes), ("countries", definition.Countries), ("timeZones", definition.TimeZones),
            ("campaigns", definition.Campaigns), ("excludeSegments", definition.ExcludeSegments),
        };
        var nullLists = lists.Where(l => l.List is null).Select(l => l.Field).ToList();
        foreach (var field in nullLists) Add("definition." + field, "A list, or leave it out; not null.");
        var nullItems = lists.Where(l => l.List is System.Collections.IEnumerable items && items.Cast<object?>().Any(x => x is null)).Select(l => l.Field).ToList();
        foreach (var field in nullItems) Add("definition." + field, "A list of values; null is not one.");
        if (nullLists.Count + nullItems.Count > 0) return errors;

        if (definition.EngagementMin > definition.EngagementMax)
            Add("definition.engagementMin", $"The minimum engagement score ({definition.EngagementMin}) is above the maximum ({definition.EngagementMax}).");
        if (definition.LastReplyAfter >= definition.LastReplyBefore)
            Add("definition.lastReplyAfter", "The last reply must be after a time that comes before lastReplyBefore: no contact can match both.");
        foreach (var (field, labels) in new[] { ("labelsAll", definition.LabelsAll), ("labelsAny", definition.LabelsAny), ("labelsNone", definition.LabelsNone) })
            foreach (var label in labels)
                Text("definition." + field, label, MaxTextLength);
        foreach (var (condition, index) in definition.Attributes.Select((a, i) => (a, i)))
        {
            if (string.IsNullOrWhiteSpace(condition.Name)) Add($"definition.attributes[{index}].name", "An attribute condition names the attribute.");
            else Text($"definition.attributes[{index}].name", condition.Name, MaxTextLength);
            Text($"definition.attributes[{index}].value", condition.Value, AudienceCsv.MaxAttributeLength);
            if (condition.Operator is AttributeOperator.Equals or AttributeOperator.NotEquals or AttributeOperator.Contains && condition.Value is null)
                Add($"definition.attributes[{index}].value", $"{condition.Operator} compares with a value; give one.");
        }
        if (definition.Consent is { } consent && consent.Purpose is not ("marketing" or "informational"))
            Add("definition.consent.purpose", $"'{consent.Purpose}' is not a purpose: marketing or informational.");
        foreach (var country in definition.Countries.Where(c => c.Length != 2 || !c.All(char.IsAsciiLetter)))
            Add("definition.countries", $"'{country}' is not an ISO 3166 region code (two letters, e.g. US).");
        foreach (var zone in definition.TimeZones.Where(z => !TimeZoneInfo.TryFindSystemTimeZoneById(z, out _)))
            Add("definition.timeZones", $"'{zone}' is not a time zone (an IANA id, e.g. America/Chicago).");
        // The fuzzer's seed 424242: 2147483647 hours took "now minus the hours" past year 1, a 500 in every preview.
        if (definition.ExcludeRecentRecipientsHours is <= 0 or > MaxExcludeRecentRecipientsHours)
            Add("definition.excludeRecentRecipientsHours", $"A number of hours from 1 to {MaxExcludeRecentRecipientsHours} (ten years).");

        foreach (var excluded in definition.ExcludeSegments)
        {
            if (excluded == id) Add("definition.excludeSegments", "A segment cannot exclude itself.");
            else if (!saved.ContainsKey(excluded)) Add("definition.excludeSegments", $"The excluded segment {excluded} does not exist.");
        }
        if (!errors.ContainsKey("definition.excludeSegments"))
        {
            var problem = ExclusionProblem(definition, id, saved, [], depth: 0);
            if (problem is not null) Add("definition.excludeSegments", problem);
        }
        return errors;
    }

    /// <summary>Walks the exclusions: a way back to <paramref name="id"/> is a cycle, a chain longer than SegmentSql follows is too deep.</summary>
    private static string? ExclusionProblem(
        SegmentDefinition definition, Guid? id, IReadOnlyDictionary<Guid, SegmentDefinition> saved, List<Guid> path, int depth)
    {
        foreach (var excluded in definition.ExcludeSegments)
        {
            if (excluded == id || path.Contains(excluded))
                return $"The exclusions go round in a cycle: {string.Join(" → ", path.Prepend(id ?? Guid.Empty).Append(excluded).Where(g => g != Guid.Empty))}.";
            if (depth + 1 > SegmentSql.MaxExclusionDepth)
                return $"Segments exclude segments more than {SegmentSql.MaxExclusionDepth} deep.";
            if (!saved.TryGetValue(excluded, out var inner))
                return $"The excluded segment {excluded} does not exist.";
            path.Add(excluded);
            var problem = ExclusionProblem(inner, id, saved, path, depth + 1);
            path.RemoveAt(path.Count - 1);
            if (problem is not null) return problem;
        }
        return null;
    }
}
