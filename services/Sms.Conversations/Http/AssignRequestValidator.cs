namespace Sms.Conversations.Http;

/// <summary>The checks of <c>POST /v1/conversations/{id}/assign</c>: an assignee and a team of the lengths names have. Pure.</summary>
public static class AssignRequestValidator
{
    /// <returns>Per field, what is wrong; empty when valid.</returns>
    public static Dictionary<string, string[]> Validate(AssignRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        InputLimits.CheckText(errors, "assignee", request?.Assignee, InputLimits.UsernameLength);
        InputLimits.CheckText(errors, "team", request?.Team, InputLimits.LabelLength);
        return errors;
    }
}
