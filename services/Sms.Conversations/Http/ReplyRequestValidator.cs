namespace Sms.Conversations.Http;

/// <summary>
/// The checks of an agent's reply (<c>POST /v1/conversations/{id}/replies</c>): its text (which a picture may stand in
/// for: <c>attachmentId</c>), and the <see cref="InboxEndpoints.IdempotencyKeyHeader"/>. Pure.
/// </summary>
public static class ReplyRequestValidator
{
    /// <returns>Per field, what is wrong; empty when valid.</returns>
    public static Dictionary<string, string[]> Validate(ReplyRequest? request, string idempotencyKey)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request?.Text))
        {
            if (request?.AttachmentId is null)
                errors["text"] = ["Required: the reply's text (or a picture)."];
        }
        else
            InputLimits.CheckText(errors, "text", request.Text, InputLimits.TextLength);
        IdempotencyKeyValidator.Check(errors, idempotencyKey);
        return errors;
    }
}
