using Sms.Conversations.Http;

namespace Sms.Conversations.Agents;

/// <summary>What an account change looks at: the account's role and whether it is disabled.</summary>
public sealed record AccountState(string Role, bool Disabled)
{
    /// <summary>An admin who can sign in: what the deployment must always keep one of.</summary>
    public bool IsEnabledAdmin => Role == AgentRoles.Admin && !Disabled;
}

/// <summary>A change an admin (or the agent themselves) makes to an agent account.</summary>
public abstract record AccountChange
{
    private AccountChange() { }

    /// <summary>The agent cannot sign in any more; every session of theirs ends and their open conversations return to their team's queue.</summary>
    public sealed record Disable : AccountChange;

    public sealed record Enable : AccountChange;

    public sealed record ChangeRole(string Role) : AccountChange;

    /// <summary>An admin sets a new password; every session of the agent ends.</summary>
    public sealed record ResetPassword(string PasswordHash) : AccountChange;

    /// <summary>The agent sets their own new password; their other sessions end, <paramref name="KeepSession"/> stays.</summary>
    public sealed record ChangePassword(string PasswordHash, Guid? KeepSession) : AccountChange;
}

/// <summary>What an account change decided: the state it leaves, what is recorded, and whether sessions end.</summary>
public sealed record AccountDecision(AccountState After, string Action, string? Detail, bool EndsSessions)
{
    /// <summary>Why the change is refused (409); null when it is made.</summary>
    public string? Refusal { get; init; }

    /// <summary>Nothing to do: the account is as asked already (disabling a disabled agent, the role it has); nothing is recorded.</summary>
    public bool Unchanged { get; init; }
}

/// <summary>
/// The rules of changing an agent account, pure: the deployment keeps at least one enabled admin (disabling or
/// demoting the last one is refused, whoever asks, so nobody can lock every admin out of the inbox); a disabled agent
/// and an agent whose password was reset or changed lose their sessions. The store locks the enabled admins and the
/// account while it asks, so two admins demoting each other at once cannot both succeed.
/// </summary>
public static class AgentAccounts
{
    /// <summary>The actions recorded in <c>conversations.agent_account_changes</c>.</summary>
    public const string Created = "created";
    public const string Disabled = "disabled";
    public const string Enabled = "enabled";
    public const string RoleChanged = "role_changed";
    public const string PasswordReset = "password_reset";
    public const string PasswordChanged = "password_changed";
    public const string SessionsEnded = "sessions_ended";

    /// <param name="before">The account as it is.</param>
    /// <param name="enabledAdmins">Enabled admins of the deployment now, the account included when it is one.</param>
    public static AccountDecision Decide(string username, AccountState before, AccountChange change, int enabledAdmins)
    {
        var decision = change switch
        {
            AccountChange.Disable => new AccountDecision(before with { Disabled = true }, Disabled, null, EndsSessions: true),
            AccountChange.Enable => new AccountDecision(before with { Disabled = false }, Enabled, null, EndsSessions: false),
            AccountChange.ChangeRole role => new AccountDecision(before with { Role = role.Role }, RoleChanged, $"{before.Role} -> {role.Role}", EndsSessions: false),
            AccountChange.ResetPassword => new AccountDecision(before, PasswordReset, null, EndsSessions: true),
            AccountChange.ChangePassword => new AccountDecision(before, PasswordChanged, null, EndsSessions: true),
            _ => throw new ArgumentOutOfRangeException(nameof(change), change, "No rule for this change."),
        };
        if (decision.After == before && change is not (AccountChange.ResetPassword or AccountChange.ChangePassword))
            return decision with { Unchanged = true, EndsSessions = false };
        if (before.IsEnabledAdmin && !decision.After.IsEnabledAdmin && enabledAdmins <= 1)
        {
            var what = change is AccountChange.Disable ? "disabled" : "made an agent";
            return decision with
            {
                Refusal = $"'{username}' is the last enabled admin and cannot be {what}: the deployment must keep one admin. Make another agent an admin first.",
            };
        }
        return decision;
    }

    /// <summary>What is wrong with a new password (the rule of every password an agent gets), or null.</summary>
    public static string? PasswordError(string? password) =>
        string.IsNullOrEmpty(password) || password.Length < InputLimits.PasswordMinLength || password.Length > InputLimits.PasswordLength
            ? $"{InputLimits.PasswordMinLength} to {InputLimits.PasswordLength} characters."
            : InputLimits.TextProblem(password, InputLimits.PasswordLength);
}
