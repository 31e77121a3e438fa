namespace Sms.Testing;

/// <summary>
/// The services' own bus retry (<c>Messaging:Retry:*</c>, <c>UseSmsMessageRetry</c>) with its waits shortened to
/// milliseconds, so a test can outlast its limit for other failures, or wait out an outage, within seconds.
/// </summary>
public static class ShortRetryWaits
{
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Messaging:Retry:FirstDelayMilliseconds"] = "10",
        ["Messaging:Retry:MaxDelayMilliseconds"] = "50",
        ["Messaging:Retry:OutageFirstDelayMilliseconds"] = "10",
        ["Messaging:Retry:OutageMaxDelayMilliseconds"] = "50",
    };
}
