using System.Net;

namespace Sms.Outbound.Carriers;

/// <summary>A carrier's HTTP answer, read whole: its status, reason phrase and body.</summary>
public sealed record CarrierAnswer(HttpStatusCode Status, string? ReasonPhrase, string Body)
{
    public bool IsSuccess => (int)Status is >= 200 and <= 299;

    public string Describe() => $"HTTP {(int)Status} {ReasonPhrase}";
}

/// <summary>
/// One request to a carrier's HTTP API, with the failure rules every carrier client shares: no connection → retryable
/// (nothing left this machine); HTTP 429 → retryable, throttled; 5xx but 504 → retryable (refused unprocessed); a
/// timeout after sending, a dropped connection, HTTP 504 or an unreadable 2xx → outcome unknown (the carrier may have
/// sent it; none of our carriers has an idempotency key, so it is not sent again). Any other answer is returned for the
/// client to read in its carrier's terms.
/// </summary>
public static class CarrierExchange
{
    /// <param name="http">The client's typed <see cref="HttpClient"/> (its timeout bounds the exchange).</param>
    /// <param name="request">The request; disposed here.</param>
    /// <param name="unknown">Makes the unknown-outcome result (and logs it) from the reason.</param>
    /// <param name="cancellationToken">Cancels the wait; a cancelled wait after sending is an unknown outcome.</param>
    /// <returns>The answer to read, or the result that already ends the send.</returns>
    public static async Task<(CarrierAnswer? Answer, CarrierSendResult? Ended)> SendAsync(
        HttpClient http, HttpRequestMessage request, Func<string, CarrierSendResult.OutcomeUnknown> unknown, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        HttpResponseMessage response;
        using (request)
        {
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException e) when (CarrierConnections.NeverSent(e))
            {
                return (null, new CarrierSendResult.Failed(new CarrierError(null, $"Carrier not reachable: {e.Message}", Retryable: true)));
            }
            catch (HttpRequestException e)
            {
                return (null, unknown($"the connection broke before an answer came ({e.HttpRequestError})"));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (null, unknown($"no answer within {http.Timeout.TotalSeconds:0.#} s"));
            }
            catch (OperationCanceledException)
            {
                return (null, unknown("the send was cancelled while waiting for the answer"));
            }
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.GatewayTimeout)
                return (null, unknown("the carrier's gateway timed out (HTTP 504)"));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                return (null, new CarrierSendResult.Failed(new CarrierError(null, $"Carrier answered HTTP {status} {response.ReasonPhrase}", Retryable: true, Throttled: true)));
            if (status >= 500)
                return (null, new CarrierSendResult.Failed(new CarrierError(null, $"Carrier answered HTTP {status} {response.ReasonPhrase}", Retryable: true)));

            string body;
            try
            {
                body = await response.Content.ReadAsStringAsync(cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
            {
                // A refusal stays a refusal without its body; an acceptance we cannot read may have sent the message.
                if (!response.IsSuccessStatusCode) body = "";
                else return (null, unknown("the answer could not be read"));
            }
            return (new CarrierAnswer(response.StatusCode, response.ReasonPhrase, body), null);
        }
    }
}
