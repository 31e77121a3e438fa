using Sms.Conversations.Agents;

namespace Sms.Conversations.Http;

/// <summary>The check of <c>PUT /v1/agents/{username}/role</c>: the role is one of <see cref="AgentRoles.All"/>. Pure.</summary>
public static class AgentRoleRequestValidator
{
    /// <returns>Per field, what is wrong; empty when valid.</returns>
    public static Dictionary<string, string[]> Validate(AgentRoleRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request?.Role is not { } role || !AgentRoles.All.Contains(role))
            errors["role"] = [$"Must be one of {string.Join(", ", AgentRoles.All)}."];
        return errors;
    }
}
