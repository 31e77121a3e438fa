using Sms.Conversations.Agents;

namespace Sms.Conversations.Http;

/// <summary>The check of <c>PUT /v1/agents/{username}/password</c>: the same rule as a new account's password. Pure.</summary>
public static class PasswordResetRequestValidator
{
    /// <returns>Per field, what is wrong; empty when valid.</returns>
    public static Dictionary<string, string[]> Validate(PasswordResetRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (AgentAccounts.PasswordError(request?.Password) is { } password)
            errors["password"] = [password];
        return errors;
    }
}
