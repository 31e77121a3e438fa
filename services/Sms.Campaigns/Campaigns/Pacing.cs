namespace Sms.Campaigns.Campaigns;

/// <summary>
/// How many recipients a campaign's dispatch round may claim: its pace for each second since its last round, at most
/// one second's worth (time a campaign spent paused or waiting is not saved up into a burst). The last round's start
/// is stored with the campaign, so any number of instances together keep the pace. Pure.
/// </summary>
public static class Pacing
{
    public static int Allowance(int pacePerSecond, DateTimeOffset? lastRound, DateTimeOffset now)
    {
        if (pacePerSecond <= 0) return 0;
        if (lastRound is not { } last) return pacePerSecond;
        var seconds = (now - last).TotalSeconds;
        return seconds >= 1 ? pacePerSecond : Math.Max(0, (int)Math.Floor(pacePerSecond * seconds));
    }
}
