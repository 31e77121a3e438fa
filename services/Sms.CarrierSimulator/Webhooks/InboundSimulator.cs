using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Sms.CarrierSimulator.Extensions;
using Sms.CarrierSimulator.Http;
using Sms.CarrierSimulator.Twilio;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.CarrierSimulator.Webhooks;

/// <summary>
/// <c>POST /simulator/inbound</c>: plays a customer texting one of our numbers. Builds the Vonage inbound webhook,
/// signs it (unless <c>"signed": false</c>) and sends it to the configured Ingress URL with the configured method; to
/// a number listed in <c>Simulator:Twilio:Numbers</c>, Twilio's inbound webhook instead (form POST, <c>X-Twilio-Signature</c>).
/// </summary>
public sealed class InboundSimulator(
    IOptions<SimulatorOptions> options,
    WebhookSender sender,
    TwilioWebhooks twilioWebhooks,
    TimeProvider clock,
    ILogger<InboundSimulator> logger)
{
    public async Task<Results<Ok<InboundResult>, ValidationProblem, ProblemHttpResult>> HandleAsync(InboundSimulationRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // A message to one of our Twilio numbers arrives as Twilio's webhook, anything else as Vonage's.
        var twilio = request.To is not null && settings.Twilio.IsTwilioNumber(request.To);
        var message = InboundWebhook.Parse(request, twilio ? TwilioSubmissionRules.NewSid : VonageIds.NewMessageId, out var errors);
        if (message is null) return TypedResults.ValidationProblem(errors, title: "The simulated inbound SMS is not valid.");

        var now = clock.GetUtcNow();
        var target = new Uri(twilio ? settings.Twilio.InboundWebhookUrl : settings.InboundWebhookUrl);
        try
        {
            int status;
            if (twilio)
            {
                var form = TwilioWebhooks.Inbound(message.MessageId, settings.Twilio.AccountSid, "+" + message.Msisdn, "+" + message.To, message.Text);
                status = message.Signed
                    ? await twilioWebhooks.PostSignedAsync(target, form, settings.Twilio.AuthToken, cancellationToken)
                    : await sender.SendAsync(target, WebhookMethod.Post, form, cancellationToken);
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
}
