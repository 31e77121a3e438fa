using System.Net;
using Microsoft.Extensions.Options;
using Sms.Outbound.Telemetry;

namespace Sms.Outbound.Carriers.Vonage;

/// <summary>
/// Sends through the Vonage SMS API (<c>POST {Vonage:RestBaseUrl}/sms/json</c>, form body, JSON answer) over a typed
/// <see cref="HttpClient"/> whose timeout is <c>Vonage:TimeoutSeconds</c>.
/// </summary>
public sealed class VonageSmsClient(HttpClient http, IOptions<VonageOptions> options, ILogger<VonageSmsClient> logger) : ICarrierClient
{
    public const string ProviderName = "vonage";

    public string Provider => ProviderName;

    public string DefaultSender => options.Value.DefaultFrom;

    public string Account => options.Value.ApiKey;

    public async Task<CarrierSendResult> SendAsync(OutboundSms message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var settings = options.Value;
        using var content = new FormUrlEncodedContent(VonageSmsRequest.Form(message, settings));

        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(settings.SendUri, content, cancellationToken);
        }
        catch (HttpRequestException e) when (CarrierConnections.NeverSent(e))
        {
            return new CarrierSendResult.Failed(new CarrierError(null, $"Carrier not reachable: {e.Message}", Retryable: true));
        }
        catch (HttpRequestException e)
        {
            return Unknown(message, $"the connection broke before an answer came ({e.HttpRequestError})");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Unknown(message, $"no answer within {http.Timeout.TotalSeconds:0.#} s");
        }
        catch (OperationCanceledException)
        {
            // We stopped waiting (the service is shutting down) after the request may already have gone out.
            return Unknown(message, "the send was cancelled while waiting for the answer");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            // 429 and 5xx: the carrier (or its front door) refused the request without processing it.
            // 504 is the exception: a gateway gave up waiting for the carrier behind it, which may have processed
            // the request, so it is the same unknown outcome as our own timeout.
            if (response.StatusCode == HttpStatusCode.GatewayTimeout)
                return Unknown(message, "the carrier's gateway timed out (HTTP 504)");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                return new CarrierSendResult.Failed(new CarrierError(null, $"Carrier answered HTTP {status} {response.ReasonPhrase}", Retryable: true, Throttled: true));
            if (status >= 500)
                return new CarrierSendResult.Failed(new CarrierError(null, $"Carrier answered HTTP {status} {response.ReasonPhrase}", Retryable: true));
            if (!response.IsSuccessStatusCode)
                return new CarrierSendResult.Failed(new CarrierError(null, $"Carrier refused the request: HTTP {status} {response.ReasonPhrase}", Retryable: false));

            string body;
            try
            {
                body = await response.Content.ReadAsStringAsync(cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
            {
                return Unknown(message, "the answer could not be read");
            }

            try
            {
                return VonageSmsResponse.Parse(body).Classify();
            }
            catch (FormatException e)
            {
                return Unknown(message, $"the answer was not understood: {e.Message}");
            }
        }
    }

    /// <summary>
    /// The request may have reached Vonage and the message may be on its way: the SMS API has no idempotency key, so
    /// sending it again could deliver it twice. The caller reports the send as failed-but-retryable with this reason
    /// and leaves the decision to resend to a person or a later reconciliation (e.g. a delivery receipt arriving).
    /// </summary>
    private CarrierSendResult.OutcomeUnknown Unknown(OutboundSms message, string why)
    {
        logger.CarrierOutcomeUnknown(ProviderName, message.MessageId, why);
        return new CarrierSendResult.OutcomeUnknown($"Outcome unknown: {why}; the message may or may not have been sent, so it was not retried automatically.");
    }
}
