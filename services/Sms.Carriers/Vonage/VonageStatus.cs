using System.Globalization;

namespace Sms.Carriers.Vonage;

/// <summary>
/// One Vonage SMS API <c>messages[].status</c> code: what it means, the <c>error-text</c> Vonage sends with it, and
/// whether the same request may succeed later.
/// </summary>
public sealed record VonageStatusInfo(int Code, string Meaning, string ErrorText, bool Retryable);

/// <summary>
/// The SMS API's send status codes (carrier-wire-format.md §1, spec <c>x-errors</c>). Only throttling, an internal
/// error and too many binds are worth retrying; every other code describes the request, the account or the
/// destination and stays wrong however often it is sent. Pure: no I/O.
/// </summary>
public static class VonageStatus
{
    public const int Success = 0;
    public const int Throttled = 1;
    public const int MissingParameters = 2;
    public const int InvalidParameters = 3;
    public const int InvalidCredentials = 4;
    public const int InternalError = 5;
    public const int InvalidMessage = 6;
    public const int NumberBarred = 7;
    public const int PartnerAccountBarred = 8;
    public const int PartnerQuotaViolation = 9;
    public const int TooManyExistingBinds = 10;
    public const int AccountNotEnabledForHttp = 11;
    public const int MessageTooLong = 12;
    public const int InvalidSignature = 14;
    public const int InvalidSenderAddress = 15;
    public const int MessageBlockedByProvider = 17;
    public const int InvalidNetworkCode = 22;
    public const int InvalidCallbackUrl = 23;
    public const int NonWhitelistedDestination = 29;
    public const int SignatureAndSecret = 32;
    public const int NumberDeactivated = 33;

    public static IReadOnlyDictionary<int, VonageStatusInfo> All { get; } = new[]
    {
        new VonageStatusInfo(Success, "Success: accepted for delivery", "Success", false),
        new VonageStatusInfo(Throttled, "Throttled: sending faster than the account limit",
            "Throughput Rate Exceeded - please wait [ 250 ] and retry", true),
        new VonageStatusInfo(MissingParameters, "Missing parameters: one of from, to, api_key, api_secret or text is missing",
            "Missing parameters", false),
        new VonageStatusInfo(InvalidParameters, "Invalid parameters: the value of one or more parameters is invalid",
            "Invalid parameters", false),
        new VonageStatusInfo(InvalidCredentials, "Invalid credentials: the API key or secret is incorrect, invalid or disabled",
            "Bad Credentials", false),
        new VonageStatusInfo(InternalError, "Internal error in the carrier's platform", "Internal Error", true),
        new VonageStatusInfo(InvalidMessage, "Invalid message: the carrier could not process it (e.g. unrecognised number prefix)",
            "Invalid Message", false),
        new VonageStatusInfo(NumberBarred, "Number barred: the destination is on the blocked list", "Number barred", false),
        new VonageStatusInfo(PartnerAccountBarred, "Partner account barred: the Vonage account is suspended",
            "Partner account barred", false),
        new VonageStatusInfo(PartnerQuotaViolation, "Partner quota violation: not enough credit (retry only after a top-up)",
            "Partner quota violation", false),
        new VonageStatusInfo(TooManyExistingBinds, "Too many existing binds: more simultaneous connections than the account allows",
            "Too many existing binds", true),
        new VonageStatusInfo(AccountNotEnabledForHttp, "Account not enabled for HTTP: the account is provisioned for SMPP only",
            "Account not enabled for HTTP", false),
        new VonageStatusInfo(MessageTooLong, "Message too long: exceeds the maximum length allowed", "Message too long", false),
        new VonageStatusInfo(InvalidSignature, "Invalid signature: the request signature could not be verified",
            "Invalid Signature", false),
        new VonageStatusInfo(InvalidSenderAddress, "Invalid sender address: the from value is not an authorised sender",
            "Illegal Sender Address - rejected", false),
        new VonageStatusInfo(MessageBlockedByProvider, "Message blocked by provider: refused for its content or provider restrictions",
            "Message blocked by provider", false),
        new VonageStatusInfo(InvalidNetworkCode, "Invalid network code: not recognised or not matching the destination's country",
            "Invalid network code", false),
        new VonageStatusInfo(InvalidCallbackUrl, "Invalid callback URL: too long or containing illegal characters",
            "Invalid callback url", false),
        new VonageStatusInfo(NonWhitelistedDestination, "Non-whitelisted destination: the account is in demo mode",
            "Non-Whitelisted Destination", false),
        new VonageStatusInfo(SignatureAndSecret, "Signature and api_secret both supplied", "Signature and api secret disallowed", false),
        new VonageStatusInfo(NumberDeactivated, "Number de-activated: the destination may not receive messages",
            "Number de-activated", false),
    }.ToDictionary(s => s.Code);

    private static readonly IReadOnlyDictionary<string, VonageStatusInfo> ByWireText =
        All.Values.ToDictionary(s => s.Code.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal);

    /// <summary>The code as a response element carries it (<c>"status":"4"</c>); null when the table does not know it.</summary>
    public static VonageStatusInfo? Find(string? status) => ByWireText.GetValueOrDefault(status?.Trim() ?? "");

    /// <summary>True when a response element's <c>status</c> says the part was accepted.</summary>
    public static bool IsSuccess(string? status) => Find(status)?.Code == Success;
}
