using Sms.Conversations.Teams;
using Sms.Conversations.Extensions;

namespace Sms.Conversations.Handoff;

/// <summary>
/// The one message a customer gets when the automation hands the conversation to people: when the team is closed, when
/// it is back (<see cref="TeamsOptions.OffHoursText"/>); otherwise that a person is coming, with the expected wait when
/// one is known (<see cref="TeamsOptions.ConnectingText"/>) and without it when not. Pure.
/// </summary>
public static class HandoverText
{
    public static string For(TeamsOptions texts, Team team, DateTimeOffset now, TimeSpan? expectedWait)
    {
        if (!team.Hours.IsOpen(now) && team.Hours.NextOpening(now) is { } opens)
            return TeamTexts.OffHours(texts.OffHoursText, opens, now, team.Hours.Zone);
        return expectedWait is { } wait
            ? TeamTexts.Connecting(texts.ConnectingText, wait)
            : texts.ConnectingTextWithoutWait;
    }
}
