namespace Sms.Conversations.Agents;

/// <summary>The roles of agent accounts.</summary>
public static class AgentRoles
{
    public const string Agent = "agent";
    public const string Admin = "admin";
    public static readonly IReadOnlyList<string> All = [Agent, Admin];
}
