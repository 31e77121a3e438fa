using Sms.Contracts.Compliance;

namespace Sms.Compliance.Consent;

public enum ConsentStatus
{
    /// <summary>No event recorded for the purpose: the number never opted in nor out of it.</summary>
    None,
    OptedIn,
    OptedOut,
}

/// <summary>The purposes a consent can cover, and their codes in the ledger and the API.</summary>
public static class ConsentPurposes
{
    public static readonly IReadOnlyList<ConsentPurpose> All = [ConsentPurpose.Informational, ConsentPurpose.Marketing];

    public static readonly IReadOnlyList<ConsentPurpose> Informational = [ConsentPurpose.Informational];

    public static readonly IReadOnlyList<ConsentPurpose> Marketing = [ConsentPurpose.Marketing];

    public static string Code(ConsentPurpose purpose) => purpose switch
    {
        ConsentPurpose.Informational => "informational",
        ConsentPurpose.Marketing => "marketing",
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, null),
    };

    public static bool TryParse(string? code, out ConsentPurpose purpose)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(Code(candidate), code?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                purpose = candidate;
                return true;
            }
        }
        purpose = default;
        return false;
    }

    /// <summary>
    /// The purposes in their fixed order, each once, as one of the three shared lists (<see cref="All"/>,
    /// <see cref="Informational"/>, <see cref="Marketing"/>), so events and messages carrying the same purposes are equal.
    /// </summary>
    /// <exception cref="ArgumentException">No purpose: a consent covers at least one.</exception>
    public static IReadOnlyList<ConsentPurpose> Normalize(IEnumerable<ConsentPurpose> purposes)
    {
        var set = purposes.ToHashSet();
        return (set.Contains(ConsentPurpose.Informational), set.Contains(ConsentPurpose.Marketing)) switch
        {
            (true, true) => All,
            (true, false) => Informational,
            (false, true) => Marketing,
            _ => throw new ArgumentException("A consent covers at least one purpose.", nameof(purposes)),
        };
    }
}

/// <summary>
/// A number's consent for a scope now, per purpose: for each, its latest ledger event covering that purpose decides.
/// <see cref="ReviewPending"/> says a person has still to decide whether a message of the customer asked to stop.
/// </summary>
public sealed record ConsentState(string Number, string Scope, ConsentEvent? Informational, ConsentEvent? Marketing, bool ReviewPending = false)
{
    /// <summary>The latest event for <paramref name="purpose"/>, null when none covers it.</summary>
    public ConsentEvent? LatestFor(ConsentPurpose purpose) => purpose == ConsentPurpose.Marketing ? Marketing : Informational;

    public ConsentStatus StatusOf(ConsentPurpose purpose) => Status(LatestFor(purpose));

    /// <summary>The latest change of any purpose: what a send was decided on (the Outbound fence compares it with an opt-out).</summary>
    public ConsentEvent? Latest =>
        Informational is null ? Marketing
        : Marketing is null ? Informational
        : Later(Informational, Marketing);

    /// <summary>
    /// Opted out of informational messages: nothing but Compliance's own replies reaches the number (a STOP). A number
    /// opted out of marketing only still gets its reminders.
    /// </summary>
    public bool IsOptedOut => StatusOf(ConsentPurpose.Informational) == ConsentStatus.OptedOut;

    /// <summary>
    /// One word for the whole: opted out when informational messages are (<see cref="IsOptedOut"/>), opted in when any
    /// purpose is, else none. Each purpose's own state is <see cref="StatusOf"/>.
    /// </summary>
    public ConsentStatus Overall =>
        IsOptedOut ? ConsentStatus.OptedOut
        : StatusOf(ConsentPurpose.Informational) == ConsentStatus.OptedIn || StatusOf(ConsentPurpose.Marketing) == ConsentStatus.OptedIn
            ? ConsentStatus.OptedIn
            : ConsentStatus.None;

    /// <summary>The state after a history ordered oldest first (as the ledger orders it: by time, then id).</summary>
    public static ConsentState FromHistory(string number, string scope, IReadOnlyList<ConsentEvent> history, bool reviewPending = false) =>
        new(number, scope,
            history.LastOrDefault(e => e.Covers(ConsentPurpose.Informational)),
            history.LastOrDefault(e => e.Covers(ConsentPurpose.Marketing)),
            reviewPending);

    private static ConsentStatus Status(ConsentEvent? latest) => latest?.Kind switch
    {
        ConsentKind.OptIn => ConsentStatus.OptedIn,
        ConsentKind.OptOut => ConsentStatus.OptedOut,
        _ => ConsentStatus.None,
    };

    private static ConsentEvent Later(ConsentEvent a, ConsentEvent b) =>
        a.OccurredAt > b.OccurredAt || (a.OccurredAt == b.OccurredAt && a.Id >= b.Id) ? a : b;
}
