using System.Text.RegularExpressions;
using Sms.Conversations.Http;

namespace Sms.Conversations.Agents;

/// <summary>What an agent's user name can be: the same rule for a new account, a sign-in and the bootstrap admin. Pure.</summary>
public static partial class AgentNames
{
    /// <summary>Lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, at most <see cref="InputLimits.UsernameLength"/>.</summary>
    public static string? UsernameError(string? username) =>
        username is not null && UsernamePattern().IsMatch(username)
            ? null
            : $"1 to {InputLimits.UsernameLength} lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.";

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex UsernamePattern();
}
