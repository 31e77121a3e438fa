using Sms.Conversations.Agents;

namespace Sms.Conversations.Http;

/// <summary>
/// The checks of <c>PUT /auth/password</c>: the current password is given (it is checked against the account after
/// this), the new one follows the rule of every agent password and differs from the current one. Pure.
/// </summary>
public static class PasswordChangeRequestValidator
{
    /// <returns>Per field, what is wrong; empty when valid.</returns>
    public static Dictionary<string, string[]> Validate(PasswordChangeRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(request?.CurrentPassword))
            errors["currentPassword"] = ["Required."];
        else
            InputLimits.CheckText(errors, "currentPassword", request.CurrentPassword, InputLimits.PasswordLength);
        if (AgentAccounts.PasswordError(request?.NewPassword) is { } password)
            errors["newPassword"] = [password];
        else if (request!.NewPassword == request.CurrentPassword)
            errors["newPassword"] = ["Must differ from the current password."];
        return errors;
    }
}
