namespace Sms.Conversations.Http;

/// <summary>The checks of a canned response's body (<c>POST</c> and <c>PUT /v1/canned-responses</c>): a title and a text of bounded length. Pure.</summary>
public static class CannedResponseRequestValidator
{
    /// <returns>Per field, what is wrong; empty when valid.</returns>
    public static Dictionary<string, string[]> Validate(CannedResponseRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request?.Title))
            errors["title"] = [$"1 to {InputLimits.CannedTitleLength} characters."];
        else
            InputLimits.CheckText(errors, "title", request.Title, InputLimits.CannedTitleLength);
        if (string.IsNullOrWhiteSpace(request?.Text))
            errors["text"] = [$"1 to {InputLimits.TextLength} characters."];
        else
            InputLimits.CheckText(errors, "text", request.Text, InputLimits.TextLength);
        return errors;
    }
}
