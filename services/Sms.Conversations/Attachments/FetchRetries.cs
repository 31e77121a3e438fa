namespace Sms.Conversations.Attachments;

/// <summary>
/// When a failed fetch is tried again: after <c>firstDelay</c>, doubling with each attempt, until
/// <c>maxAttempts</c> fetches have failed; then never (null), and the message shows "attachment unavailable". Pure.
/// </summary>
public static class FetchRetries
{
    public static DateTimeOffset? NextAttempt(int attemptsMade, int maxAttempts, TimeSpan firstDelay, DateTimeOffset now)
    {
        if (attemptsMade >= maxAttempts) return null;
        var factor = Math.Pow(2, Math.Min(attemptsMade - 1, 16));
        return now + TimeSpan.FromTicks((long)Math.Min(firstDelay.Ticks * factor, TimeSpan.FromHours(6).Ticks));
    }
}
