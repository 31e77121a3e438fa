using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace Sms.Conversations.Failures;

/// <summary>Where a failure was found (<c>"Message"</c> or <c>"Send"</c> in the API).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FailureKind>))]
public enum FailureKind
{
    /// <summary>A message a service gave up on, drained from its <c>_error</c> queue.</summary>
    Message,

    /// <summary>A send that ended <c>failed</c> in the thread store.</summary>
    Send,
}

/// <summary>
/// One open failure: <see cref="Id"/> is <c>message:{row id}</c> or <c>send:{message id}</c>. <see cref="Sample"/> is
/// fit to show (phone numbers masked). <see cref="FailedAfterReplay"/>: it failed again after a replay, so no bulk
/// replay picks it (a poison message would loop).
/// </summary>
public sealed record FailureItem(
    string Id,
    FailureKind Kind,
    string Cause,
    string Source,
    string? MessageType,
    string Sample,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    int Occurrences,
    int ReplayCount,
    bool FailedAfterReplay);

/// <summary>The failures of one cause: how many, since when, the latest as a sample, and the queues they came from.</summary>
public sealed record FailureGroup(
    string Key,
    FailureKind Kind,
    string Cause,
    int Count,
    int FailedAfterReplay,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    FailureItem Sample,
    IReadOnlyList<string> Sources);

/// <summary>Which failures an action applies to: named ones, one group, or all.</summary>
public sealed record FailureSelection(IReadOnlyList<string>? Ids, string? Group, bool All)
{
    /// <summary>A group or everything: failures that failed again after a replay are left out.</summary>
    public bool IsBulk => Ids is not { Count: > 0 };
}

/// <summary>Groups failures by cause and picks those an action applies to. Pure.</summary>
public static class FailureGroups
{
    /// <summary>A short, stable key of a group (its kind and cause), fit for a URL and a button.</summary>
    public static string KeyOf(FailureKind kind, string cause) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}:{cause}")))[..16];

    /// <summary>The groups, the most recent failure first; the sample of each is its latest failure.</summary>
    public static IReadOnlyList<FailureGroup> Group(IEnumerable<FailureItem> items) =>
        items.GroupBy(i => (i.Kind, i.Cause))
            .Select(g =>
            {
                var latest = g.MaxBy(i => i.LastSeen)!;
                return new FailureGroup(
                    KeyOf(g.Key.Kind, g.Key.Cause), g.Key.Kind, g.Key.Cause, g.Count(), g.Count(i => i.FailedAfterReplay),
                    g.Min(i => i.FirstSeen), latest.LastSeen, latest,
                    g.Select(i => i.Source).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
            })
            .OrderByDescending(g => g.LastSeen)
            .ToList();

    /// <summary>
    /// The failures <paramref name="selection"/> names. Named ones are taken as they are (an operator chose each, also
    /// one that failed again after a replay); a group or all leave out those that failed again after a replay, so a
    /// poison message is never sent round again by a bulk action.
    /// </summary>
    public static IReadOnlyList<FailureItem> Pick(IEnumerable<FailureItem> items, FailureSelection selection, bool forReplay)
    {
        if (selection.Ids is { Count: > 0 } ids)
        {
            var named = ids.ToHashSet(StringComparer.Ordinal);
            return items.Where(i => named.Contains(i.Id)).ToList();
        }
        var chosen = selection.All ? items : items.Where(i => KeyOf(i.Kind, i.Cause) == selection.Group);
        return chosen.Where(i => !forReplay || !i.FailedAfterReplay).ToList();
    }
}
