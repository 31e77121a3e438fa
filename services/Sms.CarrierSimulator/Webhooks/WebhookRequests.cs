using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sms.CarrierSimulator.Extensions;

namespace Sms.CarrierSimulator.Webhooks;

/// <summary>Turns webhook parameters into the HTTP request Vonage would make for the configured method. No I/O.</summary>
public static class WebhookRequests
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static HttpRequestMessage Create(Uri url, WebhookMethod method, IReadOnlyDictionary<string, string> parameters)
    {
        switch (method)
        {
            case WebhookMethod.Get:
                return new HttpRequestMessage(HttpMethod.Get, WithQuery(url, parameters));
            case WebhookMethod.Post:
                return new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(parameters) };
            case WebhookMethod.PostJson:
                return new HttpRequestMessage(HttpMethod.Post, url)
                {
                    Content = new StringContent(JsonSerializer.Serialize(parameters, Json), Encoding.UTF8, "application/json"),
                };
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, null);
        }
    }

    /// <summary>Appends the parameters to whatever query the URL already has.</summary>
    public static Uri WithQuery(Uri url, IReadOnlyDictionary<string, string> parameters)
    {
        var query = string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        var builder = new UriBuilder(url);
        var existing = builder.Query.TrimStart('?');
        builder.Query = existing.Length == 0 ? query : existing + "&" + query;
        return builder.Uri;
    }
}
