using Sms.Outbound.Extensions;
using Sms.ServiceDefaults.Numbers;

namespace Sms.Outbound.Carriers.Twilio;

/// <summary>The form body of <c>POST …/Messages.json</c> (carrier-wire-format.md §6). Pure: no I/O.</summary>
public static class TwilioSmsRequest
{
    /// <summary>The status callback's query parameter that carries our message id (read by the ingress).</summary>
    public const string MessageIdParameter = "messageId";

    public static IReadOnlyList<KeyValuePair<string, string>> Form(OutboundSms message, TwilioOptions options)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("To", PhoneNumbers.Canonical(message.To)),
            new("From", PhoneNumbers.Canonical(message.From)),
            // Twilio chooses GSM-7 or UCS-2 itself; the text goes as it is.
            new("Body", message.Text),
        };
        // A picture goes as a URL Twilio fetches (signed and expiring, from the inbox's public base URL); repeatable.
        foreach (var url in message.MediaUrls)
            form.Add(new("MediaUrl", url));
        if (StatusCallback(message.MessageId, options) is { } callback)
            form.Add(new("StatusCallback", callback));
        return form;
    }

    /// <summary>The configured status callback URL with <c>messageId=&lt;our id&gt;</c> added to its query; null when none is configured.</summary>
    public static string? StatusCallback(Guid messageId, TwilioOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.StatusCallbackUrl)) return null;
        var url = options.StatusCallbackUrl.Trim();
        var separator = url.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return $"{url}{separator}{MessageIdParameter}={messageId:D}";
    }
}
