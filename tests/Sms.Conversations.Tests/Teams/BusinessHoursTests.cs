using Sms.Conversations.Extensions;
using Sms.Conversations.Teams;

namespace Sms.Conversations.Tests.Teams;

/// <summary>Open, next opening and business time, in the team's zone, across weekends, holidays and clock changes.</summary>
public sealed class BusinessHoursTests
{
    /// <summary>The shape of the example: London, weekdays 09:00–17:30, Saturday 10:00–14:00, two holidays.</summary>
    private static readonly BusinessHours London = Hours("Europe/London", Weekdays("09:00-17:30", ("Saturday", "10:00-14:00")), "2026-12-25", "2026-12-26");

    /// <summary>London, Monday to Friday 09:00–17:00, closed on Christmas Day.</summary>
    private static readonly BusinessHours Office = Hours("Europe/London", Weekdays("09:00-17:00"), "2026-12-25");

    internal static BusinessHours Hours(string zone, Dictionary<string, string> weekly, params string[] holidays) =>
        BusinessHours.From(new BusinessHoursOptions { TimeZone = zone, Weekly = weekly, Holidays = [.. holidays] });

    internal static Dictionary<string, string> Weekdays(string hours, params (string Day, string Hours)[] more)
    {
        var weekly = new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" }.ToDictionary(day => day, _ => hours);
        foreach (var (day, dayHours) in more) weekly[day] = dayHours;
        return weekly;
    }

    private static Dictionary<string, string> EveryDay(string hours) =>
        Enum.GetNames<DayOfWeek>().ToDictionary(day => day, _ => hours);

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

    [TestCase("2026-12-07T09:00:00Z", true, TestName = "Monday at opening (GMT) is open")]
    [TestCase("2026-12-07T08:59:59Z", false, TestName = "Monday a second before opening is closed")]
    [TestCase("2026-12-07T17:29:59Z", true, TestName = "Monday a second before closing is open")]
    [TestCase("2026-12-07T17:30:00Z", false, TestName = "Monday at closing is closed")]
    [TestCase("2026-12-05T10:00:00Z", true, TestName = "Saturday within its own hours is open")]
    [TestCase("2026-12-05T15:00:00Z", false, TestName = "Saturday after its hours is closed")]
    [TestCase("2026-12-06T12:00:00Z", false, TestName = "Sunday, not listed, is closed")]
    [TestCase("2026-12-25T12:00:00Z", false, TestName = "Christmas Day, a Friday holiday, is closed")]
    [TestCase("2026-12-24T12:00:00Z", true, TestName = "Christmas Eve, not a holiday, is open")]
    [TestCase("2026-07-06T08:00:00Z", true, TestName = "A summer Monday 09:00 BST (08:00 UTC) is open")]
    [TestCase("2026-07-06T07:59:00Z", false, TestName = "A summer Monday 08:59 BST is closed")]
    [TestCase("2026-07-06T16:45:00Z", false, TestName = "A summer Monday 17:45 BST (16:45 UTC) is closed")]
    public void Is_open_in_the_teams_zone(string at, bool open) =>
        Assert.That(London.IsOpen(At(at)), Is.EqualTo(open));

    [TestCase("2026-12-07T10:00:00Z", "2026-12-07T10:00:00Z", TestName = "Open now: now")]
    [TestCase("2026-12-07T07:00:00Z", "2026-12-07T09:00:00Z", TestName = "Monday 07:00: 09:00 the same day")]
    [TestCase("2026-12-04T18:00:00Z", "2026-12-07T09:00:00Z", TestName = "Friday 18:00: Monday 09:00")]
    [TestCase("2026-12-05T11:00:00Z", "2026-12-07T09:00:00Z", TestName = "Saturday, closed: Monday 09:00")]
    [TestCase("2026-12-24T17:00:00Z", "2026-12-28T09:00:00Z", TestName = "Christmas Eve 17:00: after the holiday and weekend")]
    [TestCase("2026-03-27T17:30:00Z", "2026-03-30T08:00:00Z", TestName = "Friday before the spring change: Monday 09:00 BST")]
    [TestCase("2026-10-23T16:30:00Z", "2026-10-26T09:00:00Z", TestName = "Friday before the autumn change: Monday 09:00 GMT")]
    public void The_next_opening_skips_closed_days(string at, string expected) =>
        Assert.That(Office.NextOpening(At(at)), Is.EqualTo(At(expected)));

    [Test]
    public void A_holiday_on_Monday_moves_the_next_opening_to_Tuesday()
    {
        var hours = Hours("Europe/London", Weekdays("09:00-17:00"), "2026-12-07");
        Assert.That(hours.NextOpening(At("2026-12-04T18:00:00Z")), Is.EqualTo(At("2026-12-08T09:00:00Z")));
    }

    [Test]
    public void A_team_that_opens_on_no_day_has_no_next_opening()
    {
        var never = new BusinessHours(TimeZoneInfo.Utc, new Dictionary<DayOfWeek, IReadOnlyList<OpenRange>>(), []);
        Assert.Multiple(() =>
        {
            Assert.That(never.NextOpening(At("2026-12-07T10:00:00Z")), Is.Null);
            Assert.That(never.IsOpen(At("2026-12-07T10:00:00Z")), Is.False);
        });
    }

    [Test]
    public void Hours_not_set_are_always_open()
    {
        var always = BusinessHours.From(null);
        var at = At("2026-12-06T03:00:00Z");
        Assert.Multiple(() =>
        {
            Assert.That(always.IsAlwaysOpen, Is.True);
            Assert.That(always.IsOpen(at), Is.True);
            Assert.That(always.NextOpening(at), Is.EqualTo(at));
            Assert.That(always.BusinessTimeBetween(at, at.AddHours(50)), Is.EqualTo(TimeSpan.FromHours(50)));
        });
    }

    [Test]
    public void A_range_may_end_at_midnight_and_run_into_the_next_days()
    {
        var hours = Hours("Europe/London", new Dictionary<string, string> { ["Monday"] = "18:00-24:00", ["Tuesday"] = "00:00-02:00" });
        Assert.Multiple(() =>
        {
            Assert.That(hours.IsOpen(At("2026-12-07T23:59:59Z")), Is.True);
            Assert.That(hours.IsOpen(At("2026-12-08T00:00:00Z")), Is.True);
            Assert.That(hours.IsOpen(At("2026-12-08T02:00:00Z")), Is.False);
            Assert.That(hours.NextOpening(At("2026-12-08T01:00:00Z")), Is.EqualTo(At("2026-12-08T01:00:00Z")));
            Assert.That(hours.BusinessTimeBetween(At("2026-12-07T12:00:00Z"), At("2026-12-08T12:00:00Z")), Is.EqualTo(TimeSpan.FromHours(8)));
        });
    }

    [TestCase("2026-12-07T10:00:00Z", "2026-12-07T12:30:00Z", 2.5, TestName = "Within one open day")]
    [TestCase("2026-12-07T07:00:00Z", "2026-12-07T20:00:00Z", 8, TestName = "A whole day counts its hours only")]
    [TestCase("2026-12-04T16:00:00Z", "2026-12-07T10:00:00Z", 2, TestName = "Across a weekend: Friday's last hour and Monday's first")]
    [TestCase("2026-12-05T00:00:00Z", "2026-12-07T00:00:00Z", 0, TestName = "A weekend alone is no business time")]
    [TestCase("2026-12-07T00:00:00Z", "2026-12-14T00:00:00Z", 40, TestName = "A week is five days of eight hours")]
    [TestCase("2026-12-19T00:00:00Z", "2026-12-26T00:00:00Z", 32, TestName = "Christmas week with a holiday is four days")]
    [TestCase("2026-03-23T00:00:00Z", "2026-03-30T00:00:00Z", 40, TestName = "The week the clocks go forward is still 40 hours")]
    [TestCase("2026-10-19T00:00:00Z", "2026-10-26T00:00:00Z", 40, TestName = "The week the clocks go back is still 40 hours")]
    [TestCase("2026-12-07T12:00:00Z", "2026-12-07T12:00:00Z", 0, TestName = "No time between an instant and itself")]
    [TestCase("2026-12-07T12:00:00Z", "2026-12-07T10:00:00Z", 0, TestName = "Reversed: none")]
    public void Business_time_counts_open_time_only(string from, string to, double hours) =>
        Assert.That(Office.BusinessTimeBetween(At(from), At(to)),
            Is.EqualTo(TimeSpan.FromHours(hours)));

    /// <summary>The days the clocks change, each a Sunday: the team is open every day so the change falls on an open day.</summary>
    [TestCase("Europe/London", "2026-03-29", TestName = "London, clocks forward")]
    [TestCase("Europe/London", "2026-10-25", TestName = "London, clocks back")]
    [TestCase("America/New_York", "2026-03-08", TestName = "New York, clocks forward")]
    [TestCase("America/New_York", "2026-11-01", TestName = "New York, clocks back")]
    public void A_nine_to_five_day_is_eight_hours_on_the_day_the_clocks_change(string zoneId, string date)
    {
        var hours = Hours(zoneId, EveryDay("09:00-17:00"));
        var (start, end) = LocalDay(zoneId, date);
        Assert.Multiple(() =>
        {
            Assert.That(hours.BusinessTimeBetween(start, end), Is.EqualTo(TimeSpan.FromHours(8)));
            Assert.That(hours.BusinessTimeBetween(start.AddDays(-1), end.AddDays(1)), Is.EqualTo(TimeSpan.FromHours(24)), "with the days either side");
            Assert.That(hours.NextOpening(start), Is.EqualTo(new DateTimeOffset(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture).ToDateTime(new TimeOnly(9, 0)),
                TimeZoneInfo.FindSystemTimeZoneById(zoneId).GetUtcOffset(end))), "09:00 local, in the new offset");
        });
    }

    [TestCase("Europe/London", "2026-03-29", 23, TestName = "London's spring day is 23 hours long")]
    [TestCase("Europe/London", "2026-10-25", 25, TestName = "London's autumn day is 25 hours long")]
    [TestCase("America/New_York", "2026-03-08", 23, TestName = "New York's spring day is 23 hours long")]
    [TestCase("America/New_York", "2026-11-01", 25, TestName = "New York's autumn day is 25 hours long")]
    public void A_day_open_around_the_clock_is_as_long_as_the_clocks_make_it(string zoneId, string date, double expected)
    {
        var hours = Hours(zoneId, EveryDay("00:00-24:00"));
        var (start, end) = LocalDay(zoneId, date);
        Assert.That(hours.BusinessTimeBetween(start, end), Is.EqualTo(TimeSpan.FromHours(expected)));
    }

    [TestCase("00:00-03:00", 2, TestName = "00:00-03:00 loses the skipped hour")]
    [TestCase("01:30-03:00", 0.5, TestName = "A range starting in the skipped hour starts as late as the gap is long")]
    [TestCase("03:00-05:00", 2, TestName = "A range after the change is untouched")]
    public void Ranges_around_Londons_skipped_hour(string range, double expected)
    {
        var hours = Hours("Europe/London", new Dictionary<string, string> { ["Sunday"] = range });
        Assert.That(hours.BusinessTimeBetween(At("2026-03-28T12:00:00Z"), At("2026-03-30T00:00:00Z")), Is.EqualTo(TimeSpan.FromHours(expected)));
    }

    [TestCase("00:00-03:00", 4, "2026-10-24T23:00:00Z", TestName = "00:00-03:00 counts the repeated hour twice")]
    [TestCase("01:30-03:00", 2.5, "2026-10-25T00:30:00Z", TestName = "A range starting in the repeated hour starts at its first occurrence")]
    [TestCase("03:00-05:00", 2, "2026-10-25T03:00:00Z", TestName = "A range after the change back is untouched")]
    public void Ranges_around_Londons_repeated_hour(string range, double expected, string opens)
    {
        var hours = Hours("Europe/London", new Dictionary<string, string> { ["Sunday"] = range });
        Assert.Multiple(() =>
        {
            Assert.That(hours.BusinessTimeBetween(At("2026-10-24T12:00:00Z"), At("2026-10-26T00:00:00Z")), Is.EqualTo(TimeSpan.FromHours(expected)));
            Assert.That(hours.NextOpening(At("2026-10-24T12:00:00Z")), Is.EqualTo(At(opens)));
        });
    }

    [Test]
    public void Several_ranges_in_a_day_leave_the_gap_closed()
    {
        var hours = Hours("Europe/London", new Dictionary<string, string> { ["Monday"] = "09:00-12:00, 13:00-17:00" });
        Assert.Multiple(() =>
        {
            Assert.That(hours.IsOpen(At("2026-12-07T12:30:00Z")), Is.False);
            Assert.That(hours.NextOpening(At("2026-12-07T12:30:00Z")), Is.EqualTo(At("2026-12-07T13:00:00Z")));
            Assert.That(hours.BusinessTimeBetween(At("2026-12-07T00:00:00Z"), At("2026-12-08T00:00:00Z")), Is.EqualTo(TimeSpan.FromHours(7)));
        });
    }

    /// <summary>Midnight to midnight of a local date, as instants.</summary>
    private static (DateTimeOffset Start, DateTimeOffset End) LocalDay(string zoneId, string date)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var day = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture).ToDateTime(TimeOnly.MinValue);
        return (new DateTimeOffset(day, zone.GetUtcOffset(day)), new DateTimeOffset(day.AddDays(1), zone.GetUtcOffset(day.AddDays(1))));
    }
}
