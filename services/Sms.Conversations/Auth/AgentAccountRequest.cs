using System.Text.RegularExpressions;
using Sms.Conversations.Http;

namespace Sms.Conversations.Auth;

/// <summary>The body of <c>POST /v1/agents</c>, and its checks.</summary>
public sealed partial record AgentAccountRequest(string? Username, string? DisplayName, string? Password, string? Role)
{
    public const int MinimumPasswordLength = InputLimits.PasswordMinLength;

    /// <summary>What is wrong with the request, per field; empty when it is valid.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (UsernameError(Username) is { } username)
            errors["username"] = [username];
        if (string.IsNullOrWhiteSpace(DisplayName))
            errors["displayName"] = [$"Required, at most {InputLimits.DisplayNameLength} characters."];
        else
            InputLimits.CheckText(errors, "displayName", DisplayName, InputLimits.DisplayNameLength);
        if (string.IsNullOrEmpty(Password) || Password.Length < MinimumPasswordLength || Password.Length > InputLimits.PasswordLength)
            errors["password"] = [$"{MinimumPasswordLength} to {InputLimits.PasswordLength} characters."];
        else
            InputLimits.CheckText(errors, "password", Password, InputLimits.PasswordLength);
        if (Role is null || !AgentRoles.All.Contains(Role))
            errors["role"] = [$"Must be one of {string.Join(", ", AgentRoles.All)}."];
        return errors;
    }

    /// <summary>Lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, at most <see cref="InputLimits.UsernameLength"/>.</summary>
    public static string? UsernameError(string? username) =>
        username is not null && UsernamePattern().IsMatch(username)
            ? null
            : $"1 to {InputLimits.UsernameLength} lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.";

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex UsernamePattern();
}
