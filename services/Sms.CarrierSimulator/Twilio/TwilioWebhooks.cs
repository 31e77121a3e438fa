using Sms.CarrierSimulator.Webhooks;
using Sms.Carriers.Twilio;

namespace Sms.CarrierSimulator.Twilio;

/// <summary>Builds and sends Twilio's signed webhooks: inbound messages and status callbacks (form POSTs, <c>X-Twilio-Signature</c>).</summary>
public sealed class TwilioWebhooks(IHttpClientFactory httpClients)
{
    /// <summary>An inbound message as Twilio posts it.</summary>
    public static Dictionary<string, string> Inbound(string sid, string accountSid, string from, string to, string body) => new(StringComparer.Ordinal)
    {
        ["MessageSid"] = sid,
        ["SmsSid"] = sid,
        ["SmsMessageSid"] = sid,
        ["AccountSid"] = accountSid,
        ["From"] = from,
        ["To"] = to,
        ["Body"] = body,
        ["NumMedia"] = "0",
        ["NumSegments"] = Math.Max(1, Sms.Carriers.Segments.SmsSegments.Measure(body).Segments).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SmsStatus"] = "received",
        ["ApiVersion"] = TwilioApi.ApiVersion,
    };

    /// <summary>An inbound MMS: the message with <c>NumMedia=1</c>, <c>MediaUrl0</c> and <c>MediaContentType0</c>.</summary>
    public static Dictionary<string, string> InboundWithMedia(string sid, string accountSid, string from, string to, string body, string mediaUrl, string contentType)
    {
        var form = Inbound(sid, accountSid, from, to, body);
        form["NumMedia"] = "1";
        form["MediaUrl0"] = mediaUrl;
        form["MediaContentType0"] = contentType;
        return form;
    }

    /// <summary>A status callback for one of our sends.</summary>
    public static Dictionary<string, string> Status(string sid, string accountSid, TwilioSubmission submission, string status) => new(StringComparer.Ordinal)
    {
        ["MessageSid"] = sid,
        ["SmsSid"] = sid,
        ["AccountSid"] = accountSid,
        ["From"] = submission.From,
        ["To"] = submission.To,
        ["MessageStatus"] = status,
        ["SmsStatus"] = status,
        ["ApiVersion"] = TwilioApi.ApiVersion,
    };

    /// <summary>Posts the form to <paramref name="url"/>, signed with the auth token over that URL; the status the receiver answered.</summary>
    public async Task<int> PostSignedAsync(Uri url, IReadOnlyDictionary<string, string> form, string authToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioSignature.HeaderName, TwilioSignature.Compute(url.OriginalString, form, authToken));
        using var response = await httpClients.CreateClient(WebhookSender.HttpClientName).SendAsync(request, cancellationToken);
        return (int)response.StatusCode;
    }
}
