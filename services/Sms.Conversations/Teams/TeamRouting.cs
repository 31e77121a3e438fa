using Sms.Contracts.Routing;
using Sms.Conversations.Threads;

namespace Sms.Conversations.Teams;

/// <summary>The kind of rule that sent an escalation to its team.</summary>
public enum RouteRule
{
    Topic,
    Keyword,
    Reason,

    /// <summary>No team's rules matched: <see cref="TeamsOptions.DefaultTeam"/>.</summary>
    Default,
}

/// <summary>Where an escalation goes and why, for the inbox to show ("routed to billing: topic billing").</summary>
public sealed record TeamRoute(Team Team, RouteRule Rule, string? Value)
{
    /// <summary>Why, in words: <c>topic billing</c>, <c>keyword refund</c>, <c>reason sensitive_topic</c>, <c>default team</c>.</summary>
    public string Why => Rule == RouteRule.Default ? "default team" : $"{StoredNames.Of(Rule)} {Value}";
}

/// <summary>Which team an escalation goes to. Pure.</summary>
public static class TeamRouting
{
    /// <summary>
    /// The first team, in configuration order, with a rule that matches: the Router's topic, a keyword found as a whole
    /// word in the customer's text, or the escalation's reason; else the default team. The text may be unknown (null):
    /// an escalation can arrive before the message it is about, and then only the topic and reason count. Within a
    /// team the most specific matching rule is the one reported (topic, then keyword, then reason).
    /// </summary>
    public static TeamRoute Route(TeamDirectory teams, EscalationReason reason, string? topic, string? text)
    {
        var storedReason = StoredNames.Of(reason);
        foreach (var team in teams.Teams)
        {
            if (!string.IsNullOrWhiteSpace(topic) && team.Topics.FirstOrDefault(t => string.Equals(t, topic.Trim(), StringComparison.OrdinalIgnoreCase)) is { } matchedTopic)
                return new TeamRoute(team, RouteRule.Topic, matchedTopic);
            if (!string.IsNullOrEmpty(text))
            {
                for (var i = 0; i < team.Keywords.Count; i++)
                {
                    if (team.KeywordPatterns[i].IsMatch(text)) return new TeamRoute(team, RouteRule.Keyword, team.Keywords[i]);
                }
            }
            if (team.Reasons.FirstOrDefault(r => string.Equals(r, storedReason, StringComparison.OrdinalIgnoreCase)) is { } matchedReason)
                return new TeamRoute(team, RouteRule.Reason, matchedReason);
        }
        return new TeamRoute(teams.Default, RouteRule.Default, null);
    }

    /// <inheritdoc cref="Route(TeamDirectory, EscalationReason, string?, string?)"/>
    public static TeamRoute Route(TeamDirectory teams, ConversationEscalated escalated, string? text) =>
        Route(teams, escalated.Reason, escalated.Topic, text);
}
