using System.Globalization;

namespace Sms.Conversations.Http;

/// <summary>
/// Where a page ends, as the opaque <c>nextBefore</c> string a client passes back as <c>before</c>: the last item's
/// instant and its tie-breaker (a conversation's id, a message's insertion number), <c>2025-01-31T09:30:00.123456Z~…</c>.
/// Paging on both never skips nor repeats an item, even when several share one instant.
/// </summary>
public readonly record struct PageCursor(DateTimeOffset At, string TieBreaker)
{
    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static PageCursor Of(DateTime utc, Guid id) => new(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), id.ToString());

    public static PageCursor Of(DateTime utc, long seq) => new(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), seq.ToString(CultureInfo.InvariantCulture));

    public override string ToString() => $"{At.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture)}~{TieBreaker}";

    /// <summary>
    /// Reads a cursor, or a plain ISO 8601 instant (then <see cref="TieBreaker"/> is empty: everything strictly before
    /// that instant).
    /// </summary>
    public static bool TryParse(string? text, out PageCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text))
            return false;
        var separator = text.IndexOf('~', StringComparison.Ordinal);
        var instant = separator < 0 ? text : text[..separator];
        var tieBreaker = separator < 0 ? "" : text[(separator + 1)..];
        if (!DateTimeOffset.TryParse(instant, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return false;
        cursor = new PageCursor(at.ToUniversalTime(), tieBreaker);
        return true;
    }

    /// <summary>The tie-breaker as a conversation id: the smallest id when absent (so only earlier instants follow).</summary>
    public bool TryGetId(out Guid id)
    {
        if (TieBreaker.Length == 0)
        {
            id = Guid.Empty;
            return true;
        }
        return Guid.TryParse(TieBreaker, out id);
    }

    /// <summary>The tie-breaker as a message's insertion number: 0 when absent.</summary>
    public bool TryGetSeq(out long seq)
    {
        if (TieBreaker.Length == 0)
        {
            seq = 0;
            return true;
        }
        return long.TryParse(TieBreaker, NumberStyles.None, CultureInfo.InvariantCulture, out seq);
    }
}
