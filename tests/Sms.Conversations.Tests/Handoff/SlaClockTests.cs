using Sms.Conversations.Extensions;
using Sms.Conversations.Handoff;
using Sms.Conversations.Teams;

namespace Sms.Conversations.Tests.Handoff;

/// <summary>The SLA clock counts the business time of the conversation's team: closed hours, weekends, holidays and clock changes included.</summary>
public sealed class SlaClockTests
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static SlaClock At(DateTimeOffset now) => new(new TeamDirectory(new TeamsOptions
    {
        DefaultTeam = "support",
        Teams =
        [
            new TeamOptions
            {
                Name = "support", Members = ["sam"],
                BusinessHours = new BusinessHoursOptions
                {
                    TimeZone = "Europe/London",
                    Weekly = new(StringComparer.OrdinalIgnoreCase)
                    {
                        ["Monday"] = "09:00-17:00", ["Tuesday"] = "09:00-17:00", ["Wednesday"] = "09:00-17:00",
                        ["Thursday"] = "09:00-17:00", ["Friday"] = "09:00-17:00",
                    },
                    Holidays = ["2026-12-28"],
                },
            },
            new TeamOptions { Name = "night", Members = ["kim"] },
        ],
    }), new FixedClock(now));

    // Friday 16:00 London (BST, 15:00Z) to Monday 10:00 London (GMT, 10:00Z), the clocks going back on Sunday 25 October.
    [TestCase("2026-10-23T15:00:00Z", "2026-10-26T10:00:00Z", 2.0)]
    // The clocks going forward on Sunday 29 March: Friday 16:00 GMT to Monday 10:00 BST (09:00Z).
    [TestCase("2026-03-27T16:00:00Z", "2026-03-30T09:00:00Z", 2.0)]
    // Christmas week: Thursday 24th 16:00 to Tuesday 29th 10:00, the 25th (Friday) a working day here, the 28th a holiday.
    [TestCase("2026-12-24T16:00:00Z", "2026-12-29T10:00:00Z", 10.0)]
    // Saturday to Sunday: nothing counts.
    [TestCase("2026-12-05T10:00:00Z", "2026-12-06T18:00:00Z", 0.0)]
    public void Only_the_teams_open_hours_count(string since, string now, double hours)
    {
        var waiting = At(DateTimeOffset.Parse(now)).Waiting("support", DateTimeOffset.Parse(since));

        Assert.That(waiting, Is.EqualTo(TimeSpan.FromHours(hours)));
    }

    [Test]
    public void A_team_without_hours_counts_all_time_and_nobody_waiting_has_no_clock()
    {
        var clock = At(DateTimeOffset.Parse("2026-12-06T18:00:00Z"));

        Assert.Multiple(() =>
        {
            Assert.That(clock.Waiting("night", DateTimeOffset.Parse("2026-12-05T10:00:00Z")), Is.EqualTo(TimeSpan.FromHours(32)));
            Assert.That(clock.Waiting("support", null), Is.Null);
            Assert.That(clock.Waiting(null, DateTimeOffset.Parse("2026-12-05T10:00:00Z")), Is.EqualTo(TimeSpan.Zero), "no team: the default team's hours");
        });
    }
}
