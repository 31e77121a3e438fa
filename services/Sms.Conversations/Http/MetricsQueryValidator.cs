using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Sms.Conversations.Http;

/// <summary>
/// The checks of <c>GET /v1/metrics?from=&amp;to=&amp;groupBy=</c>: ISO 8601 dates in range, <c>from</c> before <c>to</c>
/// and at most <see cref="MaxDays"/> earlier (defaults: the 7 days before now), grouped by day or campaign. Pure.
/// </summary>
public static class MetricsQueryValidator
{
    public const int MaxDays = InputLimits.MetricsDays;

    /// <summary>Reads the raw query values; on failure <paramref name="errors"/> says, per parameter, what is wrong.</summary>
    public static bool TryParse(
        string? from, string? to, string? groupBy, DateTimeOffset now,
        [NotNullWhen(true)] out MetricsQuery? query, out Dictionary<string, string[]> errors)
    {
        errors = [];
        query = null;
        var end = Parse(to, "to", now, errors);
        var start = Parse(from, "from", end.AddDays(-7), errors);
        if (errors.Count == 0 && (end <= start || end - start > TimeSpan.FromDays(MaxDays)))
            errors["from"] = [$"Must be before 'to', at most {MaxDays} days earlier."];
        var byCampaign = false;
        if (!string.IsNullOrEmpty(groupBy))
        {
            if (groupBy is "campaign")
                byCampaign = true;
            else if (groupBy is not "day")
                errors["groupBy"] = ["Must be day or campaign."];
        }
        if (errors.Count > 0)
            return false;
        query = new MetricsQuery(start, end, byCampaign);
        return true;
    }

    private static DateTimeOffset Parse(string? text, string name, DateTimeOffset fallback, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
            return fallback;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            if (value >= InputLimits.EarliestDate && value <= InputLimits.LatestDate)
                return value;
            errors[name] = [$"Must be from {InputLimits.EarliestDate:yyyy-MM-dd} to {InputLimits.LatestDate:yyyy-MM-dd}."];
            return fallback;
        }
        errors[name] = ["Must be an ISO 8601 date or instant, e.g. 2025-01-31 or 2025-01-31T09:30:00Z."];
        return fallback;
    }
}
