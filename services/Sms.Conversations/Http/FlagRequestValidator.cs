namespace Sms.Conversations.Http;

/// <summary>The check of <c>POST /v1/conversations/{id}/flag</c>: <c>flagged</c> is given. Pure.</summary>
public static class FlagRequestValidator
{
    /// <returns>Per field, what is wrong; empty when valid.</returns>
    public static Dictionary<string, string[]> Validate(FlagRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request?.Flagged is null)
            errors["flagged"] = ["Required: true or false."];
        return errors;
    }
}
