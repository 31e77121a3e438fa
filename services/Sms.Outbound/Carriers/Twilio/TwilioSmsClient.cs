using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using Sms.Outbound.Extensions;

namespace Sms.Outbound.Carriers.Twilio;

/// <summary>
/// Sends through Twilio's Messages API (<c>POST {Twilio:BaseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json</c>,
/// form body, Basic auth <c>AccountSid:AuthToken</c>, JSON answer) over a typed <see cref="HttpClient"/> whose timeout is
/// <c>Twilio:TimeoutSeconds</c>. Failures are classified as for Vonage (<see cref="CarrierExchange"/>); a 4xx ends the
/// send with Twilio's code and its meaning, e.g. 21610 for a recipient who replied STOP to this sender.
/// </summary>
public sealed class TwilioSmsClient(HttpClient http, IOptions<TwilioOptions> options, ILogger<TwilioSmsClient> logger) : ICarrierClient
{
    public const string ProviderName = "twilio";

    public string Provider => ProviderName;

    public string DefaultSender => options.Value.DefaultFrom ?? "";

    public string Account => options.Value.AccountSid;

    public async Task<CarrierSendResult> SendAsync(OutboundSms message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var request = new HttpRequestMessage(HttpMethod.Post, settings.SendUri)
        {
            Content = new FormUrlEncodedContent(TwilioSmsRequest.Form(message, settings)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.AccountSid}:{settings.AuthToken}")));

        var (answer, ended) = await CarrierExchange.SendAsync(http, request, why => Unknown(message, why), cancellationToken);
        return ended ?? TwilioSmsResponse.Classify(answer!);
    }

    /// <summary>The request may have reached Twilio; the Messages API has no idempotency key, so it is not sent again.</summary>
    private CarrierSendResult.OutcomeUnknown Unknown(OutboundSms message, string why)
    {
        logger.CarrierOutcomeUnknown(ProviderName, message.MessageId, why);
        return new CarrierSendResult.OutcomeUnknown($"Outcome unknown: {why}; the message may or may not have been sent, so it was not retried automatically.");
    }
}
