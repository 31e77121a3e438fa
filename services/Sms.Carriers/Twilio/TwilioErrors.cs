using System.Globalization;

namespace Sms.Carriers.Twilio;

/// <summary>One Twilio error code: what it means and whether the same request may succeed later.</summary>
public sealed record TwilioErrorInfo(int Code, string Meaning, bool Retryable);

/// <summary>
/// The Twilio error codes the platform meets on the Messages API and in status callbacks (carrier-wire-format.md §6).
/// Only 20429 (too many concurrent requests, not processed) is worth retrying; a code the table does not know is
/// treated as permanent. Pure: no I/O.
/// </summary>
public static class TwilioErrors
{
    /// <summary>The recipient replied STOP (or another opt-out word) to this sender: a carrier opt-out.</summary>
    public const int UnsubscribedRecipient = 21610;

    public const int TooManyRequests = 20429;
    public const int Authenticate = 20003;
    public const int NotFound = 20404;
    public const int InvalidToNumber = 21211;
    public const int BodyRequired = 21602;
    public const int FromRequired = 21603;
    public const int ToRequired = 21604;
    public const int BodyTooLong = 21617;

    public static IReadOnlyDictionary<int, TwilioErrorInfo> All { get; } = new[]
    {
        new TwilioErrorInfo(Authenticate, "Authentication failed: the account SID or auth token is wrong", false),
        new TwilioErrorInfo(NotFound, "Not found: the account or resource does not exist", false),
        new TwilioErrorInfo(TooManyRequests, "Too many requests: over the account's concurrency limit, not processed", true),
        new TwilioErrorInfo(InvalidToNumber, "Invalid 'To' phone number", false),
        new TwilioErrorInfo(21408, "Permission to send to this region is not enabled", false),
        new TwilioErrorInfo(BodyRequired, "Message body is required", false),
        new TwilioErrorInfo(FromRequired, "A 'From' phone number is required", false),
        new TwilioErrorInfo(ToRequired, "A 'To' phone number is required", false),
        new TwilioErrorInfo(21606, "The 'From' number is not a valid sender for this account", false),
        new TwilioErrorInfo(21608, "The 'To' number is not verified (trial account)", false),
        new TwilioErrorInfo(UnsubscribedRecipient, "Unsubscribed recipient: the recipient replied STOP to this sender", false),
        new TwilioErrorInfo(21612, "The 'To' number cannot be reached by SMS from this sender", false),
        new TwilioErrorInfo(21614, "The 'To' number is not a mobile number", false),
        new TwilioErrorInfo(BodyTooLong, "Message body exceeds 1600 characters", false),
        new TwilioErrorInfo(30001, "Queue overflow at the carrier", false),
        new TwilioErrorInfo(30002, "Account suspended", false),
        new TwilioErrorInfo(30003, "Unreachable destination handset", false),
        new TwilioErrorInfo(30004, "Message blocked", false),
        new TwilioErrorInfo(30005, "Unknown destination handset", false),
        new TwilioErrorInfo(30006, "Landline or unreachable carrier", false),
        new TwilioErrorInfo(30007, "Message filtered by the carrier", false),
        new TwilioErrorInfo(30008, "Unknown error at the carrier", false),
    }.ToDictionary(e => e.Code);

    /// <summary>The code as Twilio writes it (a JSON number, or text in a status callback); null when unknown.</summary>
    public static TwilioErrorInfo? Find(string? code) =>
        int.TryParse(code?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? All.GetValueOrDefault(value) : null;
}

/// <summary>Where the Messages API lives under an account.</summary>
public static class TwilioApi
{
    public const string ApiVersion = "2010-04-01";

    /// <summary><c>2010-04-01/Accounts/{accountSid}/Messages.json</c>, relative to the API's base address.</summary>
    public static string MessagesPath(string accountSid) => $"{ApiVersion}/Accounts/{Uri.EscapeDataString(accountSid)}/Messages.json";
}
