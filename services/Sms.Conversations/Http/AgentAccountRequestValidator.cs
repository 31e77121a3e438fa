using Sms.Conversations.Agents;

namespace Sms.Conversations.Http;

/// <summary>The checks of <c>POST /v1/agents</c>: per field, what is wrong (empty when valid). Pure.</summary>
public static class AgentAccountRequestValidator
{
    public const int MinimumPasswordLength = InputLimits.PasswordMinLength;

    /// <param name="request">The body; null when it was the JSON literal <c>null</c> (every field is then missing).</param>
    public static Dictionary<string, string[]> Validate(AgentAccountRequest? request)
    {
        request ??= new AgentAccountRequest(null, null, null, null);
        var errors = new Dictionary<string, string[]>();
        if (AgentNames.UsernameError(request.Username) is { } username)
            errors["username"] = [username];
        if (string.IsNullOrWhiteSpace(request.DisplayName))
            errors["displayName"] = [$"Required, at most {InputLimits.DisplayNameLength} characters."];
        else
            InputLimits.CheckText(errors, "displayName", request.DisplayName, InputLimits.DisplayNameLength);
        if (AgentAccounts.PasswordError(request.Password) is { } password)
            errors["password"] = [password];
        if (request.Role is null || !AgentRoles.All.Contains(request.Role))
            errors["role"] = [$"Must be one of {string.Join(", ", AgentRoles.All)}."];
        return errors;
    }
}
