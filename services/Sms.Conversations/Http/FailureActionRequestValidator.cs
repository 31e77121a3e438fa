namespace Sms.Conversations.Http;

/// <summary>
/// The check of <c>POST /v1/failures/replay</c> and <c>/discard</c>: one selection (ids, a group or all), ids of the
/// two kinds only, and for a discard a reason of at most 500 characters (it is kept as the record of why). Pure.
/// </summary>
public static class FailureActionRequestValidator
{
    public const int MaxReason = 500;
    public const int MaxIds = 1_000;

    /// <returns>Per field, what is wrong; empty when valid.</returns>
    public static Dictionary<string, string[]> Validate(FailureActionRequest? request, bool discard)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["body"] = ["A JSON body is required."];
            return errors;
        }
        var selections = (request.Ids is { Count: > 0 } ? 1 : 0) + (string.IsNullOrEmpty(request.Group) ? 0 : 1) + (request.All == true ? 1 : 0);
        if (selections != 1)
            errors["selection"] = ["Give exactly one of ids, group or all: true."];
        if (request.Ids is { Count: > MaxIds })
            errors["ids"] = [$"At most {MaxIds} ids at once."];
        else if (request.Ids?.Any(id => !IsItemId(id)) == true)
            errors["ids"] = ["Each id is message:{number} or send:{message id}, as GET /v1/failures/items lists them."];
        if (discard && string.IsNullOrWhiteSpace(request.Reason))
            errors["reason"] = ["A discard needs a reason: it is recorded with who discarded what, and when."];
        else if (request.Reason is { Length: > MaxReason })
            errors["reason"] = [$"At most {MaxReason} characters."];
        return errors;
    }

    private static bool IsItemId(string? id) =>
        id is not null
        && (id.StartsWith("message:", StringComparison.Ordinal) && long.TryParse(id.AsSpan("message:".Length), out var row) && row > 0
            || id.StartsWith("send:", StringComparison.Ordinal) && Guid.TryParse(id.AsSpan("send:".Length), out _));
}
