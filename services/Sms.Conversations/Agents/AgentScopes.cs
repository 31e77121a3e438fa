using Sms.ServiceDefaults.Security;

namespace Sms.Conversations.Agents;

/// <summary>
/// Roles and scopes, both ways. An agent signed in with the cookie holds the scopes of their role, so one declaration
/// per endpoint (<see cref="ApiAccess.RequireScope{TBuilder}"/>) serves agents and API clients alike and keeps each
/// role's rights as they were: an agent reads and acts in the inbox; an admin may do everything. An API client acts as
/// an admin in the handlers that look at roles when it holds <c>inbox:admin</c>, else as an agent.
/// </summary>
public static class AgentScopes
{
    private static readonly IReadOnlyList<string> AgentHolds = [ApiScopes.InboxRead, ApiScopes.InboxWrite];

    /// <summary>The scopes of <paramref name="role"/>: none for a role the inbox does not know.</summary>
    public static IReadOnlyList<string> Of(string role) => role switch
    {
        AgentRoles.Admin => ApiScopes.All,
        AgentRoles.Agent => AgentHolds,
        _ => [],
    };

    /// <summary>The role an API client holding <paramref name="scopes"/> acts with in the inbox.</summary>
    public static string RoleOf(IReadOnlySet<string> scopes) =>
        scopes.Contains(ApiScopes.InboxAdmin) ? AgentRoles.Admin : AgentRoles.Agent;
}
