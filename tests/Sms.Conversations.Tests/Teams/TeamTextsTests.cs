using System.Globalization;
using Sms.Conversations.Extensions;
using Sms.Conversations.Teams;
using static Sms.Conversations.Tests.Teams.BusinessHoursTests;

namespace Sms.Conversations.Tests.Teams;

/// <summary>What the customer reads: when a closed team is back, and how long the wait is.</summary>
public sealed class TeamTextsTests
{
    private static readonly BusinessHours Office = Hours("Europe/London", Weekdays("09:00-17:00"));

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);

    private static string OffHoursAt(BusinessHours hours, string now) =>
        TeamTexts.OffHours(TeamsOptions.DefaultOffHoursText, hours.NextOpening(At(now))!.Value, At(now), hours.Zone);

    [Test]
    public void A_Friday_evening_escalation_in_London_is_answered_on_Monday() =>
        Assert.That(OffHoursAt(Office, "2026-12-04T18:00:00Z"), Is.EqualTo("Our team is back at 9:00 on Monday and will reply then."));

    [TestCase("2026-12-07T07:00:00Z", "9:00", TestName = "Early morning: later today")]
    [TestCase("2026-12-07T18:00:00Z", "9:00 tomorrow", TestName = "Monday evening: tomorrow")]
    [TestCase("2026-12-07T23:59:00Z", "9:00 tomorrow", TestName = "Just before midnight: tomorrow")]
    [TestCase("2026-12-08T00:30:00Z", "9:00", TestName = "Just after midnight: today")]
    [TestCase("2026-12-04T18:00:00Z", "9:00 on Monday", TestName = "Friday evening: the weekday")]
    [TestCase("2026-12-05T09:00:00Z", "9:00 on Monday", TestName = "Saturday morning: the weekday")]
    [TestCase("2026-12-06T23:00:00Z", "9:00 tomorrow", TestName = "Sunday night: tomorrow")]
    [TestCase("2026-07-03T17:00:00Z", "9:00 on Monday", TestName = "A summer Friday: 9:00 local (08:00 UTC)")]
    public void The_next_opening_in_words(string now, string expected) =>
        Assert.That(TeamTexts.Opens(Office.NextOpening(At(now))!.Value, At(now), Office.Zone), Is.EqualTo(expected));

    [Test]
    public void A_holiday_on_Monday_makes_it_Tuesday()
    {
        var hours = Hours("Europe/London", Weekdays("09:00-17:00"), "2026-12-07");
        Assert.That(OffHoursAt(hours, "2026-12-04T18:00:00Z"), Is.EqualTo("Our team is back at 9:00 on Tuesday and will reply then."));
    }

    [Test]
    public void An_opening_a_week_or_more_away_is_given_as_a_date()
    {
        var holidays = new[] { "2026-12-21", "2026-12-22", "2026-12-23", "2026-12-24", "2026-12-25", "2026-12-28", "2026-12-29",
            "2026-12-30", "2026-12-31", "2027-01-01", "2027-01-04" };
        var hours = Hours("Europe/London", Weekdays("09:00-17:00"), holidays);
        Assert.That(OffHoursAt(hours, "2026-12-18T18:00:00Z"), Is.EqualTo("Our team is back at 9:00 on 5 January and will reply then."));
    }

    [Test]
    public void The_same_weekday_a_week_ahead_is_a_date_not_a_weekday()
    {
        var hours = Hours("Europe/London", new Dictionary<string, string> { ["Monday"] = "09:00-17:00" });
        Assert.That(TeamTexts.Opens(hours.NextOpening(At("2026-12-07T18:00:00Z"))!.Value, At("2026-12-07T18:00:00Z"), hours.Zone),
            Is.EqualTo("9:00 on 14 December"));
    }

    [Test]
    public void Today_and_tomorrow_are_the_teams_days_not_UTCs()
    {
        // Monday 20:00 in New York is already Tuesday in UTC, the day of the next opening.
        var hours = Hours("America/New_York", Weekdays("09:30-17:00"));
        var now = At("2026-12-08T01:00:00Z");
        Assert.That(TeamTexts.Opens(hours.NextOpening(now)!.Value, now, hours.Zone), Is.EqualTo("9:30 tomorrow"));
    }

    [Test]
    public void The_template_is_configurable() =>
        Assert.That(TeamTexts.OffHours("Closed now, open {opens}.", At("2026-12-07T09:00:00Z"), At("2026-12-07T08:00:00Z"), Office.Zone),
            Is.EqualTo("Closed now, open 9:00."));

    [TestCase(-60, "less than a minute", TestName = "A wait already over: less than a minute")]
    [TestCase(0, "less than a minute", TestName = "No wait: less than a minute, never 0 minutes")]
    [TestCase(20, "less than a minute", TestName = "20 seconds: less than a minute")]
    [TestCase(40, "about 1 minute", TestName = "40 seconds: about 1 minute")]
    [TestCase(60, "about 1 minute", TestName = "1 minute")]
    [TestCase(150, "about 3 minutes", TestName = "2.5 minutes round up")]
    [TestCase(600, "about 10 minutes", TestName = "10 minutes")]
    [TestCase(12 * 60, "about 10 minutes", TestName = "12 minutes: 5-minute steps above 10")]
    [TestCase(13 * 60, "about 15 minutes", TestName = "13 minutes: 15")]
    [TestCase(57 * 60, "about 55 minutes", TestName = "57 minutes: 55")]
    [TestCase(58 * 60, "about 1 hour", TestName = "58 minutes: an hour")]
    [TestCase(90 * 60, "about 1.5 hours", TestName = "90 minutes: half hours")]
    [TestCase(2 * 3600, "about 2 hours", TestName = "2 hours")]
    [TestCase(11 * 3600 + 20 * 60, "about 11 hours", TestName = "11 h 20: whole hours from 10")]
    [TestCase(30 * 3600, "about 30 hours", TestName = "30 hours")]
    [TestCase(3 * 86400, "about 3 days", TestName = "3 days")]
    public void An_expected_wait_in_words(int seconds, string expected) =>
        Assert.That(TeamTexts.Wait(TimeSpan.FromSeconds(seconds)), Is.EqualTo(expected));

    [Test]
    public void The_connecting_text_says_the_expected_wait() =>
        Assert.That(TeamTexts.Connecting(TeamsOptions.DefaultConnectingText, TimeSpan.FromMinutes(9.6)),
            Is.EqualTo("I'm connecting you with a member of our team now. Expected wait: about 10 minutes."));
}
