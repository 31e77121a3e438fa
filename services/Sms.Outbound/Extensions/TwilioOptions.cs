using System.ComponentModel.DataAnnotations;
using Sms.Carriers.Twilio;

namespace Sms.Outbound.Extensions;

/// <summary>
/// The Twilio account Outbound sends through, bound from <c>Twilio:*</c> (environment: <c>Twilio__AccountSid</c>, …).
/// Checked at start only when a sending number is routed to Twilio (<c>Carriers:*</c>). The auth token comes from the
/// environment only.
/// </summary>
public sealed class TwilioOptions
{
    public const string Section = "Twilio";

    /// <summary>The account SID, <c>AC</c> followed by 32 hex digits: the Basic-auth user and part of the API path.</summary>
    [Required]
    [RegularExpression("^AC[0-9a-fA-F]{32}$", ErrorMessage = "Twilio:AccountSid must be AC followed by 32 hexadecimal digits.")]
    public string AccountSid { get; set; } = "";

    /// <summary>The account's auth token: the Basic-auth password. Secret.</summary>
    [Required] public string AuthToken { get; set; } = "";

    /// <summary>The API's base address; the carrier simulator's address in development.</summary>
    [Required, Url] public string BaseUrl { get; set; } = "https://api.twilio.com";

    /// <summary>The sender used when a send names none and Twilio is the default provider: E.164 or an alphanumeric sender id.</summary>
    [RegularExpression(@"^(\+[1-9][0-9]{6,14}|[A-Za-z0-9 ]{1,11})$",
        ErrorMessage = "Twilio:DefaultFrom must be an E.164 number (with +) or an alphanumeric sender id of up to 11 characters.")]
    public string? DefaultFrom { get; set; }

    /// <summary>
    /// Where Twilio posts status callbacks: the ingress's public <c>/webhooks/twilio/status</c>. Each send adds
    /// <c>messageId=&lt;our id&gt;</c> to its query, so a callback names our message (the URL is signed with it). Null: no callbacks.
    /// </summary>
    [Url] public string? StatusCallbackUrl { get; set; }

    /// <summary>How long one request to the API may take, connection included.</summary>
    [Range(1, 120)] public int TimeoutSeconds { get; set; } = 10;

    /// <summary><c>{BaseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json</c>, keeping any path the base address has.</summary>
    public Uri SendUri => new(new Uri(BaseUrl.TrimEnd('/') + "/"), TwilioApi.MessagesPath(AccountSid));
}
