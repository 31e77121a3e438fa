namespace Sms.Compliance.Consent;

/// <summary>
/// The window in which a recipient may be sent a message (e.g. 08:00–21:00 local time). Pure: the caller supplies the
/// clock and the recipient's time zones.
/// </summary>
public sealed class QuietHours
{
    private const int MaxSteps = 16;

    public QuietHours(TimeOnly windowStart, TimeOnly windowEnd)
    {
        if (windowStart == windowEnd) throw new ArgumentException("The allowed window must not be empty.", nameof(windowEnd));
        WindowStart = windowStart;
        WindowEnd = windowEnd;
    }

    public TimeOnly WindowStart { get; }

    public TimeOnly WindowEnd { get; }

    /// <summary>Whether <paramref name="at"/> lies in the window in <paramref name="zone"/> (start included, end excluded).</summary>
    public bool IsAllowed(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
        return WindowStart < WindowEnd
            ? local >= WindowStart && local < WindowEnd
            : local >= WindowStart || local < WindowEnd; // a window across midnight, e.g. 22:00–06:00
    }

    /// <summary>
    /// Null when a message may go now in every one of <paramref name="zones"/> (a number whose zone is uncertain
    /// must be in the window in each); else the first moment from which it may.
    /// </summary>
    public DateTimeOffset? DeferUntil(DateTimeOffset now, IReadOnlyList<TimeZoneInfo> zones)
    {
        if (zones.Count == 0) throw new ArgumentException("At least one time zone.", nameof(zones));
        var at = now;
        for (var step = 0; step < MaxSteps; step++)
        {
            var blocking = zones.FirstOrDefault(z => !IsAllowed(at, z));
            if (blocking is null) return at == now ? null : at;
            at = NextStart(at, blocking);
        }
        // Zones so far apart that no moment suits them all: the first zone's window decides.
        return IsAllowed(now, zones[0]) ? null : NextStart(now, zones[0]);
    }

    /// <summary>The next moment after <paramref name="at"/> at which the window opens in <paramref name="zone"/>.</summary>
    internal DateTimeOffset NextStart(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone).DateTime;
        var day = DateOnly.FromDateTime(local);
        for (var i = 0; i < 3; i++, day = day.AddDays(1))
        {
            var candidate = day.ToDateTime(WindowStart);
            // A start skipped by a clock change (e.g. 02:30 on the spring-forward night) opens the window an hour later.
            while (zone.IsInvalidTime(candidate)) candidate = candidate.AddMinutes(30);
            var instant = new DateTimeOffset(candidate, zone.GetUtcOffset(candidate));
            if (instant > at) return instant;
        }
        throw new InvalidOperationException("No window start within three days.");
    }
}
