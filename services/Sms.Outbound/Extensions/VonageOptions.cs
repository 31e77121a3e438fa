using System.ComponentModel.DataAnnotations;

namespace Sms.Outbound.Extensions;

/// <summary>
/// The Vonage SMS API account Outbound sends through, bound from <c>Vonage:*</c> (environment: <c>Vonage__ApiKey</c>, …).
/// The key and secret come from the environment only; they are never in appsettings.json.
/// </summary>
public sealed class VonageOptions
{
    public const string Section = "Vonage";

    [Required] public string ApiKey { get; set; } = "";

    [Required] public string ApiSecret { get; set; } = "";

    /// <summary>
    /// How the key and secret reach Vonage: <see cref="VonageAuthentication.Form"/> (the default) as <c>api_key</c> and
    /// <c>api_secret</c> in the form, as the SMS API spec 1.0.10 asks; <see cref="VonageAuthentication.Basic"/> as
    /// <c>Authorization: Basic base64(key:secret)</c> and not in the form, as the current spec (1.5.1) requires.
    /// </summary>
    public VonageAuthentication Authentication { get; set; } = VonageAuthentication.Form;

    /// <summary>The API's base address; the carrier simulator's address in development.</summary>
    [Required, Url] public string RestBaseUrl { get; set; } = "https://rest.nexmo.com";

    /// <summary>Our default sender: an E.164 number (<c>+447700900000</c>) or an alphanumeric sender id (up to 11 characters).</summary>
    [Required]
    [RegularExpression(@"^(\+?[1-9][0-9]{6,14}|[A-Za-z0-9 ]{1,11})$",
        ErrorMessage = "Vonage:DefaultFrom must be an E.164 number or an alphanumeric sender id of up to 11 characters.")]
    public string DefaultFrom { get; set; } = "";

    /// <summary>Where Vonage sends delivery receipts for our messages (per-message <c>callback</c>); null: the dashboard setting.</summary>
    [Url, MaxLength(100)] public string? DeliveryReceiptUrl { get; set; }

    /// <summary>How long one request to the API may take, connection included.</summary>
    [Range(1, 120)] public int TimeoutSeconds { get; set; } = 10;

    /// <summary><c>{RestBaseUrl}/sms/json</c>, keeping any path the base address has.</summary>
    public Uri SendUri => new(new Uri(RestBaseUrl.TrimEnd('/') + "/"), "sms/json");
}

/// <summary>How the Vonage client presents its key and secret (<c>Vonage:Authentication</c>).</summary>
public enum VonageAuthentication
{
    /// <summary><c>api_key</c> and <c>api_secret</c> in the form body.</summary>
    Form,

    /// <summary>HTTP Basic authentication, <c>Authorization: Basic base64(api_key:api_secret)</c>; no credentials in the form.</summary>
    Basic,
}
