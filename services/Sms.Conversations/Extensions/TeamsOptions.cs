namespace Sms.Conversations.Extensions;

/// <summary>
/// <c>Inbox:Teams</c>: the teams of people that escalated conversations are routed to, who is in each, how many open
/// conversations each member takes at once, and when each team is open. No teams configured: one implicit team,
/// <see cref="ImplicitTeam"/>, of every agent and always open, so a fresh install routes every escalation somewhere.
/// Checked at start by <see cref="TeamsOptionsValidator"/>.
/// </summary>
public sealed class TeamsOptions
{
    public const string Section = "Inbox:Teams";

    /// <summary>The team of every agent that exists when no teams are configured.</summary>
    public const string ImplicitTeam = "support";

    public const string DefaultOffHoursText = "Our team is back at {opens} and will reply then.";

    public const string DefaultConnectingText = "I'm connecting you with a member of our team now. Expected wait: {wait}.";

    public const string DefaultConnectingTextWithoutWait = "I'm connecting you with a member of our team now.";

    /// <summary>The team that takes escalations no team's rules match; must be one of <see cref="Teams"/> when any are set.</summary>
    public string DefaultTeam { get; set; } = ImplicitTeam;

    /// <summary>In order: an escalation goes to the first team whose rules match it.</summary>
    public List<TeamOptions> Teams { get; set; } = [];

    /// <summary>Sent when a conversation is escalated while its team is closed; <c>{opens}</c> is the next opening (<see cref="TeamTexts.Opens"/>).</summary>
    public string OffHoursText { get; set; } = DefaultOffHoursText;

    /// <summary>Sent when a conversation is handed to people; <c>{wait}</c> is the expected wait (<see cref="TeamTexts.Wait"/>).</summary>
    public string ConnectingText { get; set; } = DefaultConnectingText;

    /// <summary>Sent instead of <see cref="ConnectingText"/> while no expected wait is known (too few answered escalations lately).</summary>
    public string ConnectingTextWithoutWait { get; set; } = DefaultConnectingTextWithoutWait;
}

public sealed class TeamOptions
{
    public string Name { get; set; } = "";

    /// <summary>Agents' user names, in the order round robin visits them.</summary>
    public List<string> Members { get; set; } = [];

    /// <summary>Open conversations one member holds at most before new ones wait in the team's queue.</summary>
    public int Capacity { get; set; } = 5;

    /// <summary>Escalation reasons as stored (<c>sensitive_topic</c>, <c>human_requested</c>, …) that this team takes.</summary>
    public List<string> Reasons { get; set; } = [];

    /// <summary>Sensitive topics found by the Router (<c>billing</c>, <c>fraud</c>, <c>security</c>) that this team takes.</summary>
    public List<string> Topics { get; set; } = [];

    /// <summary>Words or phrases of the customer's message, matched whole and in any case, that this team takes.</summary>
    public List<string> Keywords { get; set; } = [];

    /// <summary>When the team answers; unset: always.</summary>
    public BusinessHoursOptions? BusinessHours { get; set; }
}

public sealed class BusinessHoursOptions
{
    /// <summary>An IANA zone (<c>Europe/London</c>) the hours and holidays are read in.</summary>
    public string TimeZone { get; set; } = "";

    /// <summary>
    /// Day name (<c>Monday</c>) to its open hours, <c>09:00-17:30</c>, several separated by commas
    /// (<c>09:00-12:00,13:00-17:00</c>); a range may end at <c>24:00</c>. A day not listed is closed.
    /// </summary>
    public Dictionary<string, string> Weekly { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Closed days, <c>2026-12-25</c>, in the team's zone.</summary>
    public List<string> Holidays { get; set; } = [];
}
