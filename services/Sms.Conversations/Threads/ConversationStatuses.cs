namespace Sms.Conversations.Threads;

/// <summary>The values of <c>conversations.status</c>.</summary>
public static class ConversationStatuses
{
    /// <summary>The default; automation may be handling it.</summary>
    public const string Open = "open";

    /// <summary>Escalated: a person has to answer.</summary>
    public const string WaitingOnAgent = "waiting_on_agent";

    /// <summary>Closed by an agent; the customer's next message opens it again.</summary>
    public const string Resolved = "resolved";

    public static readonly IReadOnlyList<string> All = [Open, WaitingOnAgent, Resolved];
}
