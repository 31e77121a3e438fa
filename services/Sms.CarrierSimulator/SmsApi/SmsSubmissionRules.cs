using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sms.Carriers.Vonage;

namespace Sms.CarrierSimulator.SmsApi;

/// <summary>The credentials and signing settings the simulated Vonage account has.</summary>
public sealed record SimulatorCredentials(string ApiKey, string ApiSecret, string SignatureSecret, VonageSignatureMethod SignatureMethod);

/// <summary>
/// Checks a <c>POST /sms/json</c> the way Vonage does (carrier-wire-format.md §1) and answers with the Vonage status
/// code Vonage would use. Pure: no clock, no I/O.
/// </summary>
public static class SmsSubmissionRules
{
    public const int MaxTextLength = 3200;
    public const int MaxClientRefLength = 100;
    public const int MaxCallbackLength = 100;
    public const long MinTtl = 20_000;
    public const long MaxTtl = 604_800_000;

    public static SmsSubmissionDecision Evaluate(SmsApiRequest request, SimulatorCredentials account)
    {
        if (CheckCredentials(request, account) is { } credentialsRejected)
            return credentialsRejected;

        var from = request.Get("from");
        if (string.IsNullOrWhiteSpace(from)) return Reject(VonageStatus.MissingParameters, "Missing from param");
        var to = request.Get("to");
        if (string.IsNullOrWhiteSpace(to)) return Reject(VonageStatus.MissingParameters, "Missing to param");

        var type = request.Get("type") ?? SmsTypes.Text;
        if (type == SmsTypes.Binary)
            return Reject(VonageStatus.InvalidParameters, "Invalid message type: binary is not supported by the development carrier");
        if (type != SmsTypes.Text && type != SmsTypes.Unicode)
            return Reject(VonageStatus.InvalidParameters, "Invalid message type");

        var text = request.Get("text");
        if (string.IsNullOrEmpty(text)) return Reject(VonageStatus.MissingParameters, "Missing text param");

        if (!Msisdn.IsValid(to)) return Reject(VonageStatus.InvalidParameters, "Invalid to address");
        if (!IsSender(from)) return Reject(VonageStatus.InvalidParameters, "Invalid from address");
        if (text.Length > MaxTextLength) return Reject(VonageStatus.MessageTooLong, "Message too long");

        var ttl = request.Get("ttl");
        if (ttl is not null && !(long.TryParse(ttl, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms is >= MinTtl and <= MaxTtl))
            return Reject(VonageStatus.InvalidParameters, "Invalid ttl");

        var clientRef = request.Get("client-ref");
        if (clientRef is { Length: > MaxClientRefLength })
            return Reject(VonageStatus.InvalidParameters, "Invalid client-ref: longer than 100 characters");

        var callback = request.Get("callback");
        if (callback is not null && (callback.Length > MaxCallbackLength || !IsHttpUrl(callback)))
            return Reject(VonageStatus.InvalidCallbackUrl, "Invalid callback url");

        var messageClass = request.Get("message-class");
        if (messageClass is not null && messageClass is not ("0" or "1" or "2" or "3"))
            return Reject(VonageStatus.InvalidParameters, "Invalid message-class");

        if (!TryParseBoolean(request.Get("status-report-req"), out var statusReport))
            return Reject(VonageStatus.InvalidParameters, "Invalid status-report-req");

        var measured = SimulatedEncoding.Measure(text, type);
        return new SmsSubmissionDecision.Accepted(new SmsSubmission(
            from, to, text, type, string.IsNullOrEmpty(clientRef) ? null : clientRef, string.IsNullOrEmpty(callback) ? null : callback,
            statusReport, measured.Encoding, measured.Segments));
    }

    /// <summary>Basic auth, else a signed request (<c>api_key</c> + <c>sig</c>), else <c>api_key</c> + <c>api_secret</c>.</summary>
    private static SmsSubmissionDecision.Rejected? CheckCredentials(SmsApiRequest request, SimulatorCredentials account)
    {
        if (!string.IsNullOrEmpty(request.Authorization))
        {
            return TryParseBasic(request.Authorization, out var user, out var password) && Same(user, account.ApiKey) && Same(password, account.ApiSecret)
                ? null
                : Reject(VonageStatus.InvalidCredentials);
        }

        var apiKey = request.Get("api_key");
        if (string.IsNullOrEmpty(apiKey)) return Reject(VonageStatus.MissingParameters, "Missing api_key");

        if (request.Get(VonageSignature.SignatureParameter) is not null)
        {
            if (request.Get("api_secret") is not null)
                return Reject(VonageStatus.SignatureAndSecret);
            if (!Same(apiKey, account.ApiKey))
                return Reject(VonageStatus.InvalidCredentials);
            if (request.Get(VonageSignature.TimestampParameter) is null)
                return Reject(VonageStatus.MissingParameters, "Missing timestamp");
            return VonageSignature.Matches(request.Parameters, account.SignatureSecret, account.SignatureMethod)
                ? null
                : Reject(VonageStatus.InvalidSignature);
        }

        var apiSecret = request.Get("api_secret");
        if (string.IsNullOrEmpty(apiSecret)) return Reject(VonageStatus.MissingParameters, "Missing api_secret");
        return Same(apiKey, account.ApiKey) && Same(apiSecret, account.ApiSecret)
            ? null
            : Reject(VonageStatus.InvalidCredentials);
    }

    public static bool TryParseBasic(string authorization, out string user, out string password)
    {
        user = password = "";
        const string scheme = "Basic ";
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[scheme.Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) return false;
            user = decoded[..colon];
            password = decoded[(colon + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>A number (digits only, up to 15) or an alphanumeric sender ID of up to 11 characters; spaces are ignored.</summary>
    public static bool IsSender(string value)
    {
        var compact = value.Replace(" ", "", StringComparison.Ordinal);
        if (compact.Length == 0) return false;
        if (compact.All(char.IsAsciiDigit)) return compact.Length <= 15;
        return compact.Length <= 11 && compact.All(char.IsAsciiLetterOrDigit);
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static bool TryParseBoolean(string? value, out bool result)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "true" or "1": result = true; return true;
            case "false" or "0": result = false; return true;
            default: result = true; return false;
        }
    }

    private static bool Same(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    private static SmsSubmissionDecision.Rejected Reject(int status, string text) => new(status, text);

    private static SmsSubmissionDecision.Rejected Reject(int status) => new(status, SmsApiResponses.ErrorText(status));
}
