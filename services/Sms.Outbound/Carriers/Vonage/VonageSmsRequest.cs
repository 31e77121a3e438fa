using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Sms.Carriers.Segments;
using Sms.Outbound.Extensions;
using Sms.ServiceDefaults.Numbers;

namespace Sms.Outbound.Carriers.Vonage;

/// <summary>
/// The form body of <c>POST /sms/json</c> (shared/reference/carrier-wire-format.md §1). Pure: no I/O, so every field
/// is checked by unit tests.
/// </summary>
public static class VonageSmsRequest
{
    /// <summary>The form; with <see cref="VonageAuthentication.Basic"/> without the key and secret (they go in <see cref="Authorization"/>).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Form(OutboundSms message, VonageOptions options)
    {
        var form = new List<KeyValuePair<string, string>>();
        if (options.Authentication == VonageAuthentication.Form)
        {
            form.Add(new("api_key", options.ApiKey));
            form.Add(new("api_secret", options.ApiSecret));
        }
        form.AddRange(
        [
            new("from", WireAddress(message.From)),
            new("to", WireAddress(message.To)),
            new("text", message.Text),
            // Text with one character outside GSM-7 must go as unicode, or the carrier mangles it.
            new("type", SmsSegments.IsGsm7(message.Text) ? "text" : "unicode"),
            // Echoed in the response and in every delivery receipt: that is how a receipt finds our message.
            new("client-ref", ClientRef(message.MessageId)),
            new("status-report-req", "true"), // a boolean in both specs: Vonage's validator refuses "1"
        ]);
        if (!string.IsNullOrWhiteSpace(options.DeliveryReceiptUrl))
            form.Add(new("callback", options.DeliveryReceiptUrl));
        return form;
    }

    /// <summary>The <c>Authorization</c> header with <see cref="VonageAuthentication.Basic"/>: <c>Basic base64(key:secret)</c>; else null.</summary>
    public static AuthenticationHeaderValue? Authorization(VonageOptions options) =>
        options.Authentication == VonageAuthentication.Basic
            ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.ApiKey}:{options.ApiSecret}")))
            : null;

    /// <summary>
    /// An address as the SMS API wants it: a phone number as its E.164 digits without <c>+</c>; a short code or an
    /// alphanumeric sender id as given.
    /// </summary>
    private static string WireAddress(string address) => PhoneNumbers.Normalise(address)?[1..] ?? address.Trim();

    /// <summary>Our message id as <c>client-ref</c>: 36 characters, within the 40 the oldest spec allows.</summary>
    public static string ClientRef(Guid messageId) => messageId.ToString("D", CultureInfo.InvariantCulture);
}
