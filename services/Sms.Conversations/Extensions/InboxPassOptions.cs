namespace Sms.Conversations.Extensions;

/// <summary>
/// The inbox passes Conversations issues to signed-in agents for other services (<c>Inbox:PassKey</c>,
/// <c>Inbox:Services:&lt;service&gt;</c>; README, "The Campaigns page").
/// </summary>
public sealed class InboxPassOptions
{
    public const string Section = "Inbox";

    /// <summary>The key passes are signed with, shared with the services that read them; unset: no pass is issued.</summary>
    public string? PassKey { get; set; }

    /// <summary>
    /// Each service's base URL as the agent's browser reaches it (<c>campaigns</c> → <c>http://127.0.0.1:5600</c>): the
    /// page calls it there. A service not listed gets no pass.
    /// </summary>
    public Dictionary<string, string> Services { get; set; } = new(StringComparer.Ordinal);
}
