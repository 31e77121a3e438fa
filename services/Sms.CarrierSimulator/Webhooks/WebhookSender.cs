using Sms.CarrierSimulator.Extensions;

namespace Sms.CarrierSimulator.Webhooks;

/// <summary>Sends webhooks to the platform over HTTP and reports the status code it answered.</summary>
public sealed class WebhookSender(IHttpClientFactory httpClients)
{
    public const string HttpClientName = "webhooks";

    /// <summary>The HTTP status the receiver answered; throws <see cref="HttpRequestException"/> when it cannot be reached.</summary>
    public async Task<int> SendAsync(Uri url, WebhookMethod method, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        using var request = WebhookRequests.Create(url, method, parameters);
        using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        return (int)response.StatusCode;
    }
}
