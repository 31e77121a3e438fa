using System.Globalization;

namespace Sms.Conversations.Teams;

/// <summary>
/// The words the customer reads when a conversation goes to people: when a closed team is back
/// (<see cref="TeamsOptions.OffHoursText"/>) and how long the wait is expected to be
/// (<see cref="TeamsOptions.ConnectingText"/>). Pure; English, as the other automatic texts.
/// </summary>
public static class TeamTexts
{
    public const string OpensPlaceholder = "{opens}";
    public const string WaitPlaceholder = "{wait}";

    /// <summary>The off-hours text: <paramref name="template"/> with <c>{opens}</c> replaced by <see cref="Opens"/>.</summary>
    public static string OffHours(string template, DateTimeOffset opens, DateTimeOffset now, TimeZoneInfo zone) =>
        template.Replace(OpensPlaceholder, Opens(opens, now, zone), StringComparison.Ordinal);

    /// <summary>The hand-over text: <paramref name="template"/> with <c>{wait}</c> replaced by <see cref="Wait"/>.</summary>
    public static string Connecting(string template, TimeSpan expectedWait) =>
        template.Replace(WaitPlaceholder, Wait(expectedWait), StringComparison.Ordinal);

    /// <summary>
    /// When the team opens, in its own zone (the customer is usually in it, and "9:00" in another zone would mislead):
    /// <c>9:00</c> later today, <c>9:00 tomorrow</c>, <c>9:00 on Monday</c> within the coming week, else
    /// <c>9:00 on 5 January</c>.
    /// </summary>
    public static string Opens(DateTimeOffset opens, DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(opens, zone);
        var days = DateOnly.FromDateTime(local.DateTime).DayNumber - DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime).DayNumber;
        var time = local.ToString("H:mm", CultureInfo.InvariantCulture);
        return days switch
        {
            <= 0 => time,
            1 => $"{time} tomorrow",
            // A week ahead would name today's weekday, which reads as today: from 7 days on, the date.
            < 7 => $"{time} on {local.DayOfWeek}",
            _ => $"{time} on {local.ToString("d MMMM", CultureInfo.InvariantCulture)}",
        };
    }

    /// <summary>
    /// An expected wait in words, rounded to what a person would say and never to nothing: under a minute is "less
    /// than a minute"; then whole minutes up to 10, 5-minute steps up to an hour, half hours up to 10 hours, whole
    /// hours up to two days, then days. Rounded to the nearest step, so "about" errs by at most half a step.
    /// </summary>
    public static string Wait(TimeSpan wait)
    {
        if (wait < TimeSpan.FromSeconds(30)) return "less than a minute";
        var minutes = Math.Max(1, (int)Math.Round(wait.TotalMinutes, MidpointRounding.AwayFromZero));
        if (minutes > 10) minutes = (int)Math.Round(minutes / 5.0, MidpointRounding.AwayFromZero) * 5;
        if (minutes < 60) return $"about {minutes} {Plural(minutes, "minute")}";

        var halfHours = Math.Round(wait.TotalHours * 2, MidpointRounding.AwayFromZero) / 2;
        if (halfHours < 10)
            return halfHours % 1 == 0
                ? $"about {halfHours:0} {Plural((int)halfHours, "hour")}"
                : $"about {halfHours.ToString("0.0", CultureInfo.InvariantCulture)} hours";
        var hours = (int)Math.Round(wait.TotalHours, MidpointRounding.AwayFromZero);
        if (hours < 48) return $"about {hours} hours";
        var days = (int)Math.Round(wait.TotalDays, MidpointRounding.AwayFromZero);
        return $"about {days} days";
    }

    private static string Plural(int count, string unit) => count == 1 ? unit : unit + "s";
}
