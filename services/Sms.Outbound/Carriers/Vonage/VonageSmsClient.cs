using Microsoft.Extensions.Options;
using Sms.Outbound.Extensions;

namespace Sms.Outbound.Carriers.Vonage;

/// <summary>
/// Sends through the Vonage SMS API (<c>POST {Vonage:RestBaseUrl}/sms/json</c>, form body, JSON answer) over a typed
/// <see cref="HttpClient"/> whose timeout is <c>Vonage:TimeoutSeconds</c>. The key and secret go in the form or as HTTP
/// Basic authentication (<see cref="VonageOptions.Authentication"/>). Failures of the exchange are classified by
/// <see cref="CarrierExchange"/>; any other HTTP refusal ends the send; a 200 is read by <see cref="VonageSmsResponse"/>.
/// </summary>
public sealed class VonageSmsClient(HttpClient http, IOptions<VonageOptions> options, ILogger<VonageSmsClient> logger) : ICarrierClient
{
    public const string ProviderName = "vonage";

    public string Provider => ProviderName;

    public string DefaultSender => options.Value.DefaultFrom;

    public string Account => options.Value.ApiKey;

    public async Task<CarrierSendResult> SendAsync(OutboundSms message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var request = new HttpRequestMessage(HttpMethod.Post, settings.SendUri)
        {
            Content = new FormUrlEncodedContent(VonageSmsRequest.Form(message, settings)),
        };
        request.Headers.Authorization = VonageSmsRequest.Authorization(settings);

        var (answer, ended) = await CarrierExchange.SendAsync(http, request, why => Unknown(message, why), cancellationToken);
        if (ended is not null) return ended;
        if (!answer!.IsSuccess)
            return new CarrierSendResult.Failed(new CarrierError(null, $"Carrier refused the request: {answer.Describe()}", Retryable: false));

        try
        {
            return VonageSmsResponse.Parse(answer.Body).Classify();
        }
        catch (FormatException e)
        {
            return Unknown(message, $"the answer was not understood: {e.Message}");
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
