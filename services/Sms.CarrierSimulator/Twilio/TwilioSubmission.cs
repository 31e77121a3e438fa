using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Sms.CarrierSimulator.Extensions;
using Sms.CarrierSimulator.SmsApi;
using Sms.Carriers.Segments;
using Sms.Carriers.Twilio;

namespace Sms.CarrierSimulator.Twilio;

/// <summary>A send the simulated Twilio account accepted.</summary>
public sealed record TwilioSubmission(string From, string To, string Body, string? StatusCallback, int Segments, SmsTextEncoding Encoding)
{
    /// <summary>The <c>MediaUrl</c> values of an MMS, in order; empty for an SMS.</summary>
    public IReadOnlyList<string> MediaUrls { get; init; } = [];
}

/// <summary>Twilio's error answer: the HTTP status and the body <c>{"code","message","more_info","status"}</c>.</summary>
public sealed record TwilioRefusal(int HttpStatus, int Code, string Message)
{
    public object Body => new Dictionary<string, object>
    {
        ["code"] = Code,
        ["message"] = Message,
        ["more_info"] = $"https://www.twilio.com/docs/errors/{Code}",
        ["status"] = HttpStatus,
    };
}

/// <summary>
/// Checks a <c>POST /2010-04-01/Accounts/{sid}/Messages.json</c> the way Twilio does (carrier-wire-format.md §6):
/// Basic auth for the account, then <c>To</c> (21604, 21211), <c>From</c> (21603), <c>Body</c> (21602, 21617),
/// <c>StatusCallback</c> (21609). Pure.
/// </summary>
public static class TwilioSubmissionRules
{
    public const int MaxBodyLength = 1600;

    public static (TwilioSubmission? Accepted, TwilioRefusal? Refused) Evaluate(
        string accountSid, IReadOnlyDictionary<string, string> form, string? authorization, TwilioSimulatorOptions account)
    {
        if (!Authenticated(authorization, account))
            return Refuse(401, TwilioErrors.Authenticate, "Authenticate");
        if (!string.Equals(accountSid, account.AccountSid, StringComparison.Ordinal))
            return Refuse(404, TwilioErrors.NotFound, $"The requested resource /2010-04-01/Accounts/{accountSid}/Messages.json was not found");

        var to = form.GetValueOrDefault("To")?.Trim();
        if (string.IsNullOrEmpty(to)) return Refuse(400, TwilioErrors.ToRequired, "A 'To' phone number is required.");
        if (!to.StartsWith('+') || !Msisdn.IsValid(to[1..]))
            return Refuse(400, TwilioErrors.InvalidToNumber, $"The 'To' number {to} is not a valid phone number.");
        var from = form.GetValueOrDefault("From")?.Trim();
        if (string.IsNullOrEmpty(from) && string.IsNullOrEmpty(form.GetValueOrDefault("MessagingServiceSid")))
            return Refuse(400, TwilioErrors.FromRequired, "A 'From' phone number is required.");
        var body = form.GetValueOrDefault("Body") ?? "";
        // One MediaUrl is read (the form is read one value per name); the platform sends at most one picture.
        string[] mediaUrls = form.TryGetValue("MediaUrl", out var mediaUrl) && mediaUrl.Length > 0 ? [mediaUrl] : [];
        if (mediaUrls.Any(u => !SimulatorOptionsValidator.IsHttpUrl(u)))
            return Refuse(400, 21620, "Invalid media URL(s).");
        if (body.Length == 0 && mediaUrls.Length == 0) return Refuse(400, TwilioErrors.BodyRequired, "Message body is required.");
        if (body.Length > MaxBodyLength) return Refuse(400, TwilioErrors.BodyTooLong, "The concatenated message body exceeds the 1600 character limit.");
        var callback = form.GetValueOrDefault("StatusCallback");
        if (callback is not null && !SimulatorOptionsValidator.IsHttpUrl(callback))
            return Refuse(400, 21609, "The StatusCallback URL is not a valid URL.");

        var measured = SmsSegments.Measure(body);
        return (new TwilioSubmission(from ?? "", to, body, callback, Math.Max(1, measured.Segments), measured.Encoding) { MediaUrls = mediaUrls }, null);
    }

    /// <summary>Basic auth with the simulated account's SID and auth token.</summary>
    public static bool Authenticated(string? authorization, TwilioSimulatorOptions account)
    {
        if (!AuthenticationHeaderValue.TryParse(authorization, out var header) || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
            return false;
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter ?? ""));
            return pair == $"{account.AccountSid}:{account.AuthToken}";
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static (TwilioSubmission?, TwilioRefusal?) Refuse(int status, int code, string message) => (null, new TwilioRefusal(status, code, message));

    /// <summary>A new message sid: <c>SM</c> and 32 lower-case hex digits.</summary>
    public static string NewSid() => "SM" + System.Security.Cryptography.RandomNumberGenerator.GetHexString(32, lowercase: true);

    /// <summary>The 201 answer: the message resource as Twilio returns it.</summary>
    public static object Created(string sid, string accountSid, TwilioSubmission submission, DateTimeOffset now) => new Dictionary<string, object?>
    {
        ["sid"] = sid,
        ["account_sid"] = accountSid,
        ["from"] = submission.From,
        ["to"] = submission.To,
        ["body"] = submission.Body,
        ["status"] = "queued",
        ["num_segments"] = submission.Segments.ToString(CultureInfo.InvariantCulture),
        ["num_media"] = "0",
        ["direction"] = "outbound-api",
        ["api_version"] = TwilioApi.ApiVersion,
        ["error_code"] = null,
        ["error_message"] = null,
        ["date_created"] = now.ToString("r", CultureInfo.InvariantCulture),
        ["uri"] = $"/{TwilioApi.ApiVersion}/Accounts/{accountSid}/Messages/{sid}.json",
    };
}
