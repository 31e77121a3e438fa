using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Sms.Conversations.Http;

/// <summary>The checks of <c>GET /v1/conversations/{id}/messages?limit=&amp;before=</c>: a page size and the cursor of the previous page. Pure.</summary>
public static class ThreadQueryValidator
{
    /// <summary>Reads the raw query values; on failure <paramref name="errors"/> says, per parameter, what is wrong.</summary>
    public static bool TryParse(string? limit, string? before, [NotNullWhen(true)] out ThreadQuery? query, out Dictionary<string, string[]> errors)
    {
        errors = [];
        query = null;
        var take = InputLimits.DefaultPageSize;
        if (!string.IsNullOrEmpty(limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > InputLimits.PageSize))
            errors["limit"] = [$"Must be a whole number from 1 to {InputLimits.PageSize}."];
        PageCursor? cursor = null;
        if (!string.IsNullOrEmpty(before))
        {
            if (PageCursor.TryParse(before, out var parsed) && parsed.TryGetSeq(out _))
                cursor = parsed;
            else
                errors["before"] = ["Must be the nextBefore of the previous page."];
        }
        if (errors.Count > 0)
            return false;
        query = new ThreadQuery(take, cursor);
        return true;
    }
}
