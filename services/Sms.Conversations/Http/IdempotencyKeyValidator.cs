namespace Sms.Conversations.Http;

/// <summary>The check of an <see cref="InboxEndpoints.IdempotencyKeyHeader"/>: at most <see cref="InputLimits.IdempotencyKeyLength"/> characters. Pure.</summary>
public static class IdempotencyKeyValidator
{
    /// <param name="errors">Where a longer key than allowed is added.</param>
    /// <param name="key">The header's value, "" when absent.</param>
    public static void Check(Dictionary<string, string[]> errors, string key)
    {
        if (key.Length > InputLimits.IdempotencyKeyLength)
            errors[InboxEndpoints.IdempotencyKeyHeader] = [$"At most {InputLimits.IdempotencyKeyLength} characters ({key.Length} given)."];
    }
}
