using Sms.Conversations.Teams;

namespace Sms.Conversations.Handoff;

/// <summary>
/// How long a customer has waited for a person, in the business time of the team that owns (or would take) the
/// conversation: the hours the team is closed do not count, so a message left on Friday evening is not hours overdue
/// by Monday's opening. A team without hours counts all time.
/// </summary>
public sealed class SlaClock(TeamDirectory teams, TimeProvider time)
{
    /// <summary>The business time since <paramref name="waitingSince"/> (null: nobody waits), for <paramref name="team"/> (null: the default team).</summary>
    public TimeSpan? Waiting(string? team, DateTimeOffset? waitingSince)
    {
        if (waitingSince is not { } since) return null;
        var now = time.GetUtcNow();
        if (now <= since) return TimeSpan.Zero;
        var hours = (teams.Find(team) ?? teams.Default).Hours;
        return hours.BusinessTimeBetween(since, now);
    }
}
