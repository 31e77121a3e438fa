namespace Sms.Conversations.Http;

/// <summary>The checks of <c>POST /v1/consent-reviews/{id}/confirm|dismiss|undo</c>: the <see cref="InboxEndpoints.IdempotencyKeyHeader"/>. Pure.</summary>
public static class ConsentReviewDecisionValidator
{
    /// <returns>Per field, what is wrong; empty when valid.</returns>
    public static Dictionary<string, string[]> Validate(string idempotencyKey)
    {
        var errors = new Dictionary<string, string[]>();
        IdempotencyKeyValidator.Check(errors, idempotencyKey);
        return errors;
    }
}
