using System.Globalization;
using Sms.Carriers.Vonage;

namespace Sms.Benchmark.Load;

/// <summary>What the benchmark signs webhooks with: the platform's own settings (<c>Vonage__*</c>).</summary>
public sealed record WebhookSigning(string Secret, VonageSignatureMethod Method, string ApiKey);

/// <summary>
/// Posts a customer's SMS as the Vonage SMS API delivers it to the inbound webhook: form fields <c>msisdn</c>,
/// <c>to</c>, <c>messageId</c>, <c>text</c>, … signed with <c>nonce</c>, <c>timestamp</c> and <c>sig</c>.
/// </summary>
public sealed class VonageWebhookPoster(HttpClient http, WebhookSigning signing, TimeProvider clock)
{
    /// <summary>The signed parameters of one inbound SMS. Pure but for the clock and the nonce passed in.</summary>
    public static Dictionary<string, string> SignedParameters(
        string customer, string businessNumber, string providerMessageId, string text, string nonce, WebhookSigning signing, DateTimeOffset now)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["msisdn"] = customer.TrimStart('+'),
            ["to"] = businessNumber.TrimStart('+'),
            ["messageId"] = providerMessageId,
            ["text"] = text,
            ["type"] = "text",
            ["keyword"] = text.Split(' ', 2)[0].ToUpperInvariant(),
            ["message-timestamp"] = now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            ["api-key"] = signing.ApiKey,
            ["nonce"] = nonce,
        };
        return VonageSignature.Sign(parameters, signing.Secret, signing.Method, now);
    }

    /// <summary>The HTTP status of the answer; 0 when none came (connection refused, timeout).</summary>
    public async Task<int> PostAsync(Uri webhook, string customer, string businessNumber, string providerMessageId, string text, CancellationToken cancellationToken)
    {
        var parameters = SignedParameters(customer, businessNumber, providerMessageId, text, Guid.NewGuid().ToString("N"), signing, clock.GetUtcNow());
        try
        {
            using var response = await http.PostAsync(webhook, new FormUrlEncodedContent(parameters), cancellationToken);
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
    }
}
