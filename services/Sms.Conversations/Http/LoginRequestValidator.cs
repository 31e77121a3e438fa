using Sms.Conversations.Agents;

namespace Sms.Conversations.Http;

/// <summary>
/// The checks of a sign-in: the user name must be one an account can have (so a name no account could have is refused
/// before anything is looked up or counted), the password at most <see cref="InputLimits.PasswordLength"/> characters.
/// Pure.
/// </summary>
public static class LoginRequestValidator
{
    /// <param name="request">The body; null when it was not a JSON object.</param>
    /// <returns>Per field, what is wrong; empty when valid.</returns>
    public static Dictionary<string, string[]> Validate(LoginRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["body"] = ["A JSON object {\"username\", \"password\"}."];
            return errors;
        }
        var username = request.Username?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(username))
            errors["username"] = ["Required."];
        else if (InputLimits.TextProblem(username, InputLimits.UsernameLength) is { } problem)
            errors["username"] = [problem];
        else if (AgentNames.UsernameError(username) is { } notAName)
            errors["username"] = [$"Not a user name: {notAName}"];
        InputLimits.CheckText(errors, "password", request.Password, InputLimits.PasswordLength);
        return errors;
    }
}
