using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Sms.Conversations.Threads;

namespace Sms.Conversations.Http;

/// <summary>The query of <c>GET /v1/conversations?status=&amp;limit=&amp;before=</c>, checked.</summary>
public sealed record ConversationListQuery(string? Status, int Limit, DateTimeOffset? Before)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>Reads the raw query values; on failure <paramref name="errors"/> says, per parameter, what is wrong.</summary>
    public static bool TryParse(
        string? status, string? limit, string? before,
        [NotNullWhen(true)] out ConversationListQuery? query, out Dictionary<string, string[]> errors)
    {
        errors = [];
        query = null;

        if (!string.IsNullOrEmpty(status) && !ConversationStatuses.All.Contains(status))
            errors["status"] = [$"Must be one of {string.Join(", ", ConversationStatuses.All)}."];

        var parsedLimit = DefaultLimit;
        if (!string.IsNullOrEmpty(limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out parsedLimit) || parsedLimit is < 1 or > MaxLimit))
            errors["limit"] = [$"Must be a whole number from 1 to {MaxLimit}."];

        DateTimeOffset? parsedBefore = null;
        if (!string.IsNullOrEmpty(before))
        {
            if (DateTimeOffset.TryParse(before, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
                parsedBefore = instant;
            else
                errors["before"] = ["Must be an ISO 8601 instant, e.g. 2025-01-31T09:30:00Z (the lastMessageAt of the last conversation of the previous page)."];
        }

        if (errors.Count > 0)
            return false;
        query = new ConversationListQuery(string.IsNullOrEmpty(status) ? null : status, parsedLimit, parsedBefore);
        return true;
    }
}
