using System.Net.Http.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Sms.Ingress.Tests.Support;

/// <summary>Sends a parameter set the three ways Vonage can: GET query string, POST form, POST JSON.</summary>
public enum WebhookEncoding
{
    Get,
    Form,
    Json,
}

public static class WebhookRequests
{
    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, string path, WebhookEncoding encoding, IReadOnlyDictionary<string, string> parameters) =>
        encoding switch
        {
            WebhookEncoding.Get => client.GetAsync(QueryHelpers.AddQueryString(path, parameters!)),
            WebhookEncoding.Form => client.PostAsync(path, new FormUrlEncodedContent(parameters)),
            WebhookEncoding.Json => client.PostAsJsonAsync(path, parameters),
            _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
        };
}
