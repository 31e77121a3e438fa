using System.Globalization;
using System.Text.RegularExpressions;
using Sms.Conversations.Extensions;

namespace Sms.Conversations.Teams;

/// <summary>One open range of a day, in the team's local time; <see cref="End"/> may be 24:00.</summary>
public readonly record struct OpenRange(TimeSpan Start, TimeSpan End);

/// <summary>
/// When a team answers: weekly open ranges and closed holidays, read in the team's IANA zone. Pure (the caller passes
/// the time). Every instant is computed from the local date and time of day through the zone, so a day that changes
/// to or from summer time keeps the hours it was given: 09:00–17:00 is 8 hours on that day too, and only a range that
/// contains the change (e.g. 00:00–24:00) is an hour shorter or longer.
/// </summary>
public sealed partial class BusinessHours
{
    private readonly IReadOnlyList<OpenRange>[] _weekly;
    private readonly HashSet<DateOnly> _holidays;

    /// <summary>A team with no hours set: open at every instant.</summary>
    public static BusinessHours AlwaysOpen { get; } = new();

    private BusinessHours()
    {
        Zone = TimeZoneInfo.Utc;
        IsAlwaysOpen = true;
        _weekly = Enumerable.Repeat<IReadOnlyList<OpenRange>>([], 7).ToArray();
        _holidays = [];
    }

    /// <param name="zone">The zone the ranges and holidays are read in.</param>
    /// <param name="weekly">Each day's ranges, not overlapping; a day not given is closed.</param>
    /// <param name="holidays">Dates, in <paramref name="zone"/>, closed whatever their weekday.</param>
    public BusinessHours(TimeZoneInfo zone, IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpenRange>> weekly, IEnumerable<DateOnly> holidays)
    {
        Zone = zone;
        _weekly = Enum.GetValues<DayOfWeek>()
            .Select(day => (IReadOnlyList<OpenRange>)(weekly.TryGetValue(day, out var ranges) ? ranges.OrderBy(r => r.Start).ToList() : []))
            .ToArray();
        _holidays = [.. holidays];
    }

    public TimeZoneInfo Zone { get; }

    public bool IsAlwaysOpen { get; }

    /// <summary>The hours an options section describes; always open when it is unset. The section must be valid (<see cref="Problems"/>).</summary>
    public static BusinessHours From(BusinessHoursOptions? options)
    {
        if (options is null) return AlwaysOpen;
        if (Problems(options, "BusinessHours") is [var first, ..])
            throw new ArgumentException(first, nameof(options));
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone.Trim());
        var weekly = options.Weekly.ToDictionary(
            day => Enum.Parse<DayOfWeek>(day.Key.Trim(), ignoreCase: true),
            day => TryParseRanges(day.Value, out var ranges, out _) ? ranges : []);
        var holidays = options.Holidays.Select(h => DateOnly.ParseExact(h.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture));
        return new BusinessHours(zone, weekly, holidays);
    }

    /// <summary>Whether the team is open at <paramref name="at"/>.</summary>
    public bool IsOpen(DateTimeOffset at) => NextOpening(at) == at;

    /// <summary>
    /// The first instant at or after <paramref name="at"/> when the team is open: <paramref name="at"/> itself when it
    /// is open then, else the start of its next range, skipping closed days and holidays. Null only when the team is
    /// never open (no day has a range).
    /// </summary>
    public DateTimeOffset? NextOpening(DateTimeOffset at)
    {
        if (IsAlwaysOpen) return at;
        if (_weekly.All(ranges => ranges.Count == 0)) return null;
        // Each holiday closes one day at most, so an open day comes within a week of the last holiday passed.
        var days = 7 * (_holidays.Count + 2);
        for (var date = LocalDate(at).AddDays(-1); days-- > 0; date = date.AddDays(1))
        {
            foreach (var (start, end) in OpenIntervals(date))
            {
                if (at < end) return start > at ? start : at;
            }
        }
        return null;
    }

    /// <summary>
    /// The open time between two instants: what a wait or a response time counts when only business hours count.
    /// Zero when <paramref name="to"/> is not after <paramref name="from"/>.
    /// </summary>
    public TimeSpan BusinessTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from) return TimeSpan.Zero;
        if (IsAlwaysOpen) return to - from;
        var total = TimeSpan.Zero;
        var last = LocalDate(to).AddDays(1);
        for (var date = LocalDate(from).AddDays(-1); date <= last; date = date.AddDays(1))
        {
            foreach (var (start, end) in OpenIntervals(date))
            {
                var overlapStart = start > from ? start : from;
                var overlapEnd = end < to ? end : to;
                if (overlapEnd > overlapStart) total += overlapEnd - overlapStart;
            }
        }
        return total;
    }

    /// <summary>The date in the team's zone at an instant.</summary>
    public DateOnly LocalDate(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);

    /// <summary>The instants a local date is open, in order; none on a holiday.</summary>
    private IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> OpenIntervals(DateOnly date)
    {
        if (_holidays.Contains(date)) yield break;
        foreach (var range in _weekly[(int)date.DayOfWeek])
        {
            var start = Instant(date, range.Start);
            var end = Instant(date, range.End);
            if (end > start) yield return (start, end);
        }
    }

    /// <summary>
    /// The instant of a local time: a time that occurs twice (clocks going back) is taken at its first occurrence; a
    /// time skipped (clocks going forward) is read with the offset before the change, i.e. as late as the gap is long
    /// (01:30 on a day London skips 01:00–02:00 is 02:30 summer time), as most calendars do.
    /// </summary>
    private DateTimeOffset Instant(DateOnly date, TimeSpan timeOfDay)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified).Add(timeOfDay);
        TimeSpan offset;
        if (Zone.IsAmbiguousTime(local))
            offset = Zone.GetAmbiguousTimeOffsets(local).Max();
        else if (Zone.IsInvalidTime(local))
            offset = Zone.GetUtcOffset(local.AddHours(-6)); // no zone changes its offset twice within six hours
        else
            offset = Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>
    /// Every problem with a <c>BusinessHours</c> section, each starting with <paramref name="setting"/> and naming the
    /// value to fix.
    /// </summary>
    public static IReadOnlyList<string> Problems(BusinessHoursOptions options, string setting)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.TimeZone))
            problems.Add($"{setting}:TimeZone is required: an IANA zone such as Europe/London that the hours are read in.");
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone.Trim(), out _))
            problems.Add($"{setting}:TimeZone '{options.TimeZone}' is not a known time zone (an IANA name such as Europe/London or America/New_York).");

        var days = new HashSet<DayOfWeek>();
        var anyOpen = false;
        foreach (var (name, hours) in options.Weekly)
        {
            if (int.TryParse(name, out _) || !Enum.TryParse<DayOfWeek>(name.Trim(), ignoreCase: true, out var day))
            {
                problems.Add($"{setting}:Weekly:{name} is not a day of the week (Monday … Sunday).");
                continue;
            }
            if (!days.Add(day))
                problems.Add($"{setting}:Weekly lists {day} twice.");
            if (!TryParseRanges(hours, out var ranges, out var error))
                problems.Add($"{setting}:Weekly:{name} '{hours}' {error}");
            else if (ranges.Count > 0)
                anyOpen = true;
        }
        if (!anyOpen)
            problems.Add($"{setting}:Weekly opens on no day: give at least one day's hours, e.g. Monday: 09:00-17:00 (or remove BusinessHours for a team that is always open).");

        foreach (var holiday in options.Holidays)
        {
            if (!DateOnly.TryParseExact(holiday?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                problems.Add($"{setting}:Holidays '{holiday}' is not a date like 2026-12-25.");
        }
        return problems;
    }

    /// <summary>
    /// A day's hours, <c>09:00-17:30</c> or several separated by commas, in order of time and not overlapping; empty
    /// for a closed day. On failure, <paramref name="error"/> says what is wrong.
    /// </summary>
    public static bool TryParseRanges(string? text, out IReadOnlyList<OpenRange> ranges, out string? error)
    {
        var parsed = new List<OpenRange>();
        ranges = parsed;
        error = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var match = RangePattern().Match(part);
            if (!match.Success
                || !TryTime(match.Groups["start"].Value, allowEndOfDay: false, out var start)
                || !TryTime(match.Groups["end"].Value, allowEndOfDay: true, out var end))
            {
                error = "is not hours like 09:00-17:00 (24-hour times; a range may end at 24:00; several separated by commas).";
                return false;
            }
            if (end <= start)
            {
                error = $"has a range, {part}, that does not end after it starts.";
                return false;
            }
            if (parsed.Count > 0 && start < parsed[^1].End)
            {
                error = $"has a range, {part}, that overlaps or comes before the one ahead of it: give the ranges in order of time.";
                return false;
            }
            parsed.Add(new OpenRange(start, end));
        }
        return true;
    }

    private static bool TryTime(string text, bool allowEndOfDay, out TimeSpan time)
    {
        var hours = int.Parse(text[..^3], CultureInfo.InvariantCulture);
        var minutes = int.Parse(text[^2..], CultureInfo.InvariantCulture);
        time = new TimeSpan(hours, minutes, 0);
        return minutes < 60 && (hours < 24 || (allowEndOfDay && hours == 24 && minutes == 0));
    }

    [GeneratedRegex(@"^(?<start>\d{1,2}:\d{2})\s*-\s*(?<end>\d{1,2}:\d{2})$")]
    private static partial Regex RangePattern();
}
