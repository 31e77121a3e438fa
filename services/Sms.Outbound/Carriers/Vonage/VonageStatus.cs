namespace Sms.Outbound.Carriers.Vonage;

/// <summary>One Vonage SMS API <c>status</c> code: what it means and whether the same request may succeed later.</summary>
public sealed record VonageStatusInfo(string Code, string Meaning, bool Retryable);

/// <summary>
/// The SMS API's send status codes (shared/reference/carrier-wire-format.md §1, spec <c>x-errors</c>). Only throttling,
/// an internal error and too many binds are worth retrying; every other code describes the request, the account or the
/// destination and stays wrong however often it is sent. Pure: no I/O.
/// </summary>
public static class VonageStatus
{
    public const string Success = "0";

    public static IReadOnlyDictionary<string, VonageStatusInfo> All { get; } = new[]
    {
        new VonageStatusInfo("0", "Success: accepted for delivery", false),
        new VonageStatusInfo("1", "Throttled: sending faster than the account limit", true),
        new VonageStatusInfo("2", "Missing parameters: one of from, to, api_key, api_secret or text is missing", false),
        new VonageStatusInfo("3", "Invalid parameters: the value of one or more parameters is invalid", false),
        new VonageStatusInfo("4", "Invalid credentials: the API key or secret is incorrect, invalid or disabled", false),
        new VonageStatusInfo("5", "Internal error in the carrier's platform", true),
        new VonageStatusInfo("6", "Invalid message: the carrier could not process it (e.g. unrecognised number prefix)", false),
        new VonageStatusInfo("7", "Number barred: the destination is on the blocked list", false),
        new VonageStatusInfo("8", "Partner account barred: the Vonage account is suspended", false),
        new VonageStatusInfo("9", "Partner quota violation: not enough credit (retry only after a top-up)", false),
        new VonageStatusInfo("10", "Too many existing binds: more simultaneous connections than the account allows", true),
        new VonageStatusInfo("11", "Account not enabled for HTTP: the account is provisioned for SMPP only", false),
        new VonageStatusInfo("12", "Message too long: exceeds the maximum length allowed", false),
        new VonageStatusInfo("14", "Invalid signature: the request signature could not be verified", false),
        new VonageStatusInfo("15", "Invalid sender address: the from value is not an authorised sender", false),
        new VonageStatusInfo("17", "Message blocked by provider: refused for its content or provider restrictions", false),
        new VonageStatusInfo("22", "Invalid network code: not recognised or not matching the destination's country", false),
        new VonageStatusInfo("23", "Invalid callback URL: too long or containing illegal characters", false),
        new VonageStatusInfo("29", "Non-whitelisted destination: the account is in demo mode", false),
        new VonageStatusInfo("32", "Signature and api_secret both supplied", false),
        new VonageStatusInfo("33", "Number de-activated: the destination may not receive messages", false),
    }.ToDictionary(s => s.Code, StringComparer.Ordinal);

    /// <summary>The code's meaning; a code the table does not know is treated as permanent.</summary>
    public static VonageStatusInfo Describe(string? code)
    {
        var key = code?.Trim() ?? "";
        return All.TryGetValue(key, out var info)
            ? info
            : new VonageStatusInfo(key, $"Unknown Vonage status '{key}'", false);
    }
}
