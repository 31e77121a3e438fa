using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Sms.CarrierSimulator.Extensions;
using Sms.CarrierSimulator.Http;
using Sms.CarrierSimulator.State;
using Sms.CarrierSimulator.Twilio;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.CarrierSimulator.Webhooks;

/// <summary>
/// <c>POST /simulator/inbound</c>: plays a customer texting one of our numbers. Builds the Vonage inbound webhook,
/// signs it (unless <c>"signed": false</c>) and sends it to the configured Ingress URL with the configured method; to
/// a number listed in <c>Simulator:Twilio:Numbers</c>, Twilio's inbound webhook instead (form POST, <c>X-Twilio-Signature</c>).
/// With media (an MMS) the simulator keeps the media and serves it itself (<see cref="MediaStore"/>): Twilio's webhook
/// carries <c>MediaUrl0</c>, and a Vonage number gets a Messages API inbound (JSON, signed with a JWT) to the Ingress's
/// <see cref="MessagesInboundWebhook.Path"/>, beside the configured inbound URL.
/// </summary>
public sealed class InboundSimulator(
    IOptions<SimulatorOptions> options,
    WebhookSender sender,
    MediaStore media,
    IHttpClientFactory httpClients,
    TwilioWebhooks twilioWebhooks,
    TimeProvider clock,
    ILogger<InboundSimulator> logger)
{
    /// <param name="request">The simulated message.</param>
    /// <param name="selfBase">The simulator's own address as the caller reached it: where the platform fetches media.</param>
    /// <param name="cancellationToken">Cancels the webhook.</param>
    public async Task<Results<Ok<InboundResult>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        InboundSimulationRequest request, Uri selfBase, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // A message to one of our Twilio numbers arrives as Twilio's webhook, anything else as Vonage's.
        var twilio = request.To is not null && settings.Twilio.IsTwilioNumber(request.To);
        var newId = twilio ? (Func<string>)TwilioSubmissionRules.NewSid : request.Media is null ? VonageIds.NewMessageId : MessagesInboundWebhook.NewMessageUuid;
        var message = InboundWebhook.Parse(request, newId, out var errors);
        if (message is null) return TypedResults.ValidationProblem(errors, title: "The simulated inbound SMS is not valid.");

        var now = clock.GetUtcNow();
        var target = new Uri(twilio ? settings.Twilio.InboundWebhookUrl : settings.InboundWebhookUrl);
        if (!twilio && message.Media is not null) target = new Uri(target, MessagesInboundWebhook.Path);
        try
        {
            int status;
            if (twilio)
            {
                var form = message.Media is { } mms
                    ? TwilioWebhooks.InboundWithMedia(message.MessageId, settings.Twilio.AccountSid, "+" + message.Msisdn, "+" + message.To, message.Text,
                        new Uri(selfBase, TwilioMediaPath(settings.Twilio.AccountSid, message.MessageId, media.Add(new StoredMedia(mms.ContentType, mms.Content, SentMessage.Twilio)))).ToString(),
                        mms.ContentType)
                    : TwilioWebhooks.Inbound(message.MessageId, settings.Twilio.AccountSid, "+" + message.Msisdn, "+" + message.To, message.Text);
                status = message.Signed
                    ? await twilioWebhooks.PostSignedAsync(target, form, settings.Twilio.AuthToken, cancellationToken)
                    : await sender.SendAsync(target, WebhookMethod.Post, form, cancellationToken);
            }
            else if (message.Media is { } mms)
            {
                var url = new Uri(selfBase, VonageMediaPath(media.Add(new StoredMedia(mms.ContentType, mms.Content, SentMessage.Vonage)))).ToString();
                status = await PostMessagesWebhookAsync(target, MessagesInboundWebhook.Body(message, url, mms.ContentType, now), message.Signed, settings, now, cancellationToken);
            }
            else
            {
                var parameters = InboundWebhook.Build(message, settings.ApiKey, now);
                if (message.Signed)
                    parameters = WebhookSigning.Sign(parameters, VonageIds.NewNonce(), settings.SignatureSecret, settings.GetSignatureMethod(), now);
                status = await sender.SendAsync(target, settings.GetWebhookMethod(), parameters, cancellationToken);
            }
            SimulatorLog.InboundSent(logger, message.MessageId, Redact.Phone(message.Msisdn), target, message.Signed ? "signed" : "unsigned", status);
            return TypedResults.Ok(new InboundResult(status, message.MessageId));
        }
        catch (Exception e) when ((e is HttpRequestException or TaskCanceledException) && !cancellationToken.IsCancellationRequested)
        {
            SimulatorLog.InboundFailed(logger, message.MessageId, target, e.Message);
            return TypedResults.Problem(
                title: "The inbound webhook receiver could not be reached.",
                detail: $"{target}: {e.Message}",
                statusCode: StatusCodes.Status502BadGateway,
                extensions: new Dictionary<string, object?> { ["messageId"] = message.MessageId });
        }
    }

    /// <summary>Where Twilio serves a message's media (Basic auth for the account).</summary>
    public static string TwilioMediaPath(string accountSid, string messageSid, string mediaSid) =>
        $"/2010-04-01/Accounts/{accountSid}/Messages/{messageSid}/Media/{mediaSid}";

    /// <summary>Where the Messages API serves an inbound media (public; the id is unguessable).</summary>
    public static string VonageMediaPath(string mediaId) => $"/v3/media/{mediaId}";

    private async Task<int> PostMessagesWebhookAsync(Uri target, byte[] body, bool signed, SimulatorOptions settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (signed)
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", MessagesInboundWebhook.Jwt(body, settings.ApiKey, settings.SignatureSecret, now));
        using var response = await httpClients.CreateClient(WebhookSender.HttpClientName).SendAsync(request, cancellationToken);
        return (int)response.StatusCode;
    }
}
