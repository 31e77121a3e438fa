namespace Sms.Ingress.Vonage;

/// <summary>How old a signed webhook's own time (SMS API <c>timestamp</c>, Messages API <c>iat</c>) is, as far as accepting it goes.</summary>
public enum Freshness
{
    /// <summary>Within the tolerance either way.</summary>
    Fresh,

    /// <summary>Older than the tolerance but within the carrier's retry window: a retry of a webhook first pushed that long ago.</summary>
    LateRetry,

    /// <summary>Older than the retry window: no carrier retries that late, so it is a replay.</summary>
    TooOld,

    /// <summary>Further in the future than the tolerance: no clock skew explains it.</summary>
    FromTheFuture,
}

/// <summary>
/// Decides whether a signed webhook is too old. Vonage signs the time it <em>began</em> pushing (the SMS API's
/// <c>timestamp</c> is the unix form of <c>message-timestamp</c>) and keeps retrying 429 and 5xx answers for 24 hours
/// with the original time, while it never retries a 401. A plain tolerance of minutes would therefore refuse, and so
/// lose, every retry after an outage longer than the tolerance. A correctly signed webhook older than the tolerance
/// but within the retry window is accepted instead: what a replay could do with it is already blocked by the claim on
/// its provider message id (<see cref="Data.ProviderMessageClaims"/>, kept longer than the window), so it is
/// answered as a duplicate and published nothing. Pure.
/// </summary>
public static class WebhookFreshness
{
    /// <param name="signedAt">The signed time.</param>
    /// <param name="now">The time now.</param>
    /// <param name="tolerance">Allowed clock distance either way.</param>
    /// <param name="lateRetryWindow">How old a retry may be; not more than <paramref name="tolerance"/> turns late retries off.</param>
    public static Freshness Judge(DateTimeOffset signedAt, DateTimeOffset now, TimeSpan tolerance, TimeSpan lateRetryWindow)
    {
        var age = now - signedAt;
        if (age < -tolerance) return Freshness.FromTheFuture;
        if (age <= tolerance) return Freshness.Fresh;
        return age <= lateRetryWindow ? Freshness.LateRetry : Freshness.TooOld;
    }
}
