using System.Text.RegularExpressions;

namespace Sms.Conversations.Auth;

/// <summary>The body of <c>POST /v1/agents</c>, and its checks.</summary>
public sealed partial record AgentAccountRequest(string? Username, string? DisplayName, string? Password, string? Role)
{
    public const int MinimumPasswordLength = 10;

    /// <summary>What is wrong with the request, per field; empty when it is valid.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (UsernameError(Username) is { } username)
            errors["username"] = [username];
        if (string.IsNullOrWhiteSpace(DisplayName) || DisplayName.Length > 100)
            errors["displayName"] = ["Required, at most 100 characters."];
        if (string.IsNullOrEmpty(Password) || Password.Length < MinimumPasswordLength)
            errors["password"] = [$"At least {MinimumPasswordLength} characters."];
        if (Role is null || !AgentRoles.All.Contains(Role))
            errors["role"] = [$"Must be one of {string.Join(", ", AgentRoles.All)}."];
        return errors;
    }

    /// <summary>Lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64.</summary>
    public static string? UsernameError(string? username) =>
        username is not null && UsernamePattern().IsMatch(username)
            ? null
            : "1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.";

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex UsernamePattern();
}
