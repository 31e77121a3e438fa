using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Sms.Conversations.Threads;

namespace Sms.Conversations.Http;

/// <summary>
/// The query of <c>GET /v1/conversations?status=&amp;assignee=&amp;label=&amp;flagged=&amp;q=&amp;limit=&amp;before=</c>, checked.
/// <see cref="Assignee"/> is a user name, or <see cref="Unassigned"/> for conversations nobody is assigned.
/// </summary>
public sealed record ConversationListQuery(string? Status, int Limit, DateTimeOffset? Before)
{
    public const int DefaultLimit = InputLimits.DefaultPageSize;
    public const int MaxLimit = InputLimits.PageSize;
    public const string Unassigned = "none";

    public string? Assignee { get; init; }

    /// <summary>Only conversations of this team (whose people own them, or owned them last).</summary>
    public string? Team { get; init; }
    public string? Label { get; init; }
    public bool FlaggedOnly { get; init; }

    /// <summary>Part of a number or of a message's text.</summary>
    public string? Search { get; init; }

    /// <summary>Where the previous page ended.</summary>
    public PageCursor? Cursor { get; init; }

    /// <summary>Reads the raw query values; on failure <paramref name="errors"/> says, per parameter, what is wrong.</summary>
    public static bool TryParse(
        string? status, string? limit, string? before,
        [NotNullWhen(true)] out ConversationListQuery? query, out Dictionary<string, string[]> errors) =>
        TryParse(status, null, null, null, null, limit, before, null, out query, out errors);


    public static bool TryParse(
        string? status, string? assignee, string? label, string? flagged, string? q, string? limit, string? before, string? team,
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

        PageCursor? cursor = null;
        if (!string.IsNullOrEmpty(before))
        {
            if (PageCursor.TryParse(before, out var parsed) && parsed.TryGetId(out _))
                cursor = parsed;
            else
                errors["before"] = ["Must be the nextBefore of the previous page, or an ISO 8601 instant such as 2025-01-31T09:30:00Z."];
        }

        var flaggedOnly = false;
        if (!string.IsNullOrEmpty(flagged) && !bool.TryParse(flagged, out flaggedOnly))
            errors["flagged"] = ["Must be true or false."];

        InputLimits.CheckText(errors, "label", label, InputLimits.LabelLength);
        InputLimits.CheckText(errors, "team", team, InputLimits.LabelLength);
        if (assignee is not null && InputLimits.TextProblem(assignee, InputLimits.UsernameLength) is { } assigneeProblem)
            errors["assignee"] = [$"A user name, or '{Unassigned}': {assigneeProblem}"];

        var search = q?.Trim();
        InputLimits.CheckText(errors, "q", search, InputLimits.SearchLength);

        if (errors.Count > 0)
            return false;
        query = new ConversationListQuery(string.IsNullOrEmpty(status) ? null : status, parsedLimit, cursor?.At)
        {
            Assignee = string.IsNullOrEmpty(assignee) ? null : assignee,
            Label = string.IsNullOrEmpty(label) ? null : label,
            Team = string.IsNullOrWhiteSpace(team) ? null : team.Trim(),
            FlaggedOnly = flaggedOnly,
            Search = string.IsNullOrEmpty(search) ? null : search,
            Cursor = cursor,
        };
        return true;
    }
}
