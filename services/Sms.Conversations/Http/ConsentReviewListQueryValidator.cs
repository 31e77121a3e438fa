using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Sms.Conversations.Http;

/// <summary>
/// The checks of <c>GET /v1/consent-reviews?status=&amp;limit=</c>: a status (<c>pending</c>, the default;
/// <c>confirmed</c>, <c>dismissed</c>, <c>decided</c> for both, or <c>all</c>) and a page size. Pure.
/// </summary>
public static class ConsentReviewListQueryValidator
{
    private static readonly Dictionary<string, string[]?> Statuses = new(StringComparer.Ordinal)
    {
        ["pending"] = ["pending"],
        ["confirmed"] = ["confirmed"],
        ["dismissed"] = ["dismissed"],
        ["decided"] = ["confirmed", "dismissed"],
        ["all"] = null,
    };

    /// <summary>Reads the raw query values; on failure <paramref name="errors"/> says, per parameter, what is wrong.</summary>
    public static bool TryParse(string? status, string? limit, [NotNullWhen(true)] out ConsentReviewListQuery? query, out Dictionary<string, string[]> errors)
    {
        errors = [];
        query = null;
        var statuses = Statuses["pending"];
        if (!string.IsNullOrEmpty(status) && !Statuses.TryGetValue(status, out statuses))
            errors["status"] = [$"One of {string.Join(", ", Statuses.Keys)}."];
        var take = InputLimits.DefaultPageSize;
        if (!string.IsNullOrEmpty(limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > InputLimits.PageSize))
            errors["limit"] = [$"Must be a whole number from 1 to {InputLimits.PageSize}."];
        if (errors.Count > 0)
            return false;
        query = new ConsentReviewListQuery(statuses, take);
        return true;
    }
}
