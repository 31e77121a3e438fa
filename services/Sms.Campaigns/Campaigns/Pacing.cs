namespace Sms.Campaigns.Campaigns;

/// <summary>
/// How many recipients a campaign's dispatch round may claim: its pace for each second since its last round, at most
/// one second's worth (time a campaign spent paused or waiting is not saved up into a burst). The last round's start
/// is stored with the campaign, so any number of instances together keep the pace. And at most what the in-flight
/// window has room for: a campaign keeps no more than <c>Campaigns:MaxInFlight</c> messages published and not yet
/// answered, so when the platform sends slower than the pace the backlog waits here, where a pause or cancel stops it,
/// and not in Compliance's or Outbound's queue, where it would still go out (README, "Pacing, pause and resume"). Pure.
/// </summary>
public static class Pacing
{
    /// <summary>
    /// What a round may claim: <see cref="Allowance(int, DateTimeOffset?, DateTimeOffset)"/>, but no more than the
    /// in-flight window's room (<paramref name="maxInFlight"/> less the <paramref name="inFlight"/> messages published
    /// and not yet answered).
    /// </summary>
    public static int Allowance(int pacePerSecond, DateTimeOffset? lastRound, DateTimeOffset now, int inFlight, int maxInFlight) =>
        Math.Min(Allowance(pacePerSecond, lastRound, now), Math.Max(0, maxInFlight - inFlight));

    /// <summary>The pace's share: the pace for each second since the last round, at most one second's worth.</summary>
    public static int Allowance(int pacePerSecond, DateTimeOffset? lastRound, DateTimeOffset now)
    {
        if (pacePerSecond <= 0) return 0;
        if (lastRound is not { } last) return pacePerSecond;
        var seconds = (now - last).TotalSeconds;
        return seconds >= 1 ? pacePerSecond : Math.Max(0, (int)Math.Floor(pacePerSecond * seconds));
    }
}
