using Sms.Ingress.Publishing;
using Sms.Ingress.Telemetry;
using Sms.Ingress.Vonage;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Ingress.Http;

/// <summary>
/// <c>GET|POST /webhooks/vonage/inbound</c>: a customer's SMS from the Vonage SMS API → <c>InboundSmsReceived</c>.
/// 204 once the broker confirmed the publish; 401 unsigned or wrongly signed; 400 unreadable; 503 broker trouble (Vonage retries).
/// </summary>
public static class VonageInboundEndpoints
{
    public const string Path = "/webhooks/vonage/inbound";
    private const string Webhook = "inbound";

    public static IEndpointRouteBuilder MapVonageInboundWebhook(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Post], HandleAsync)
            .WithName("VonageInboundSms")
            .WithTags("Vonage webhooks");
        return app;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext context, VonageWebhookGate gate, EdgePublisher publisher, TimeProvider clock, ILoggerFactory loggers)
    {
        var cancellationToken = context.RequestAborted;
        var logger = loggers.CreateLogger(typeof(VonageInboundEndpoints));
        var admission = await gate.AdmitAsync(context.Request, Webhook, cancellationToken);
        if (admission.Refusal is not null) return admission.Refusal;

        var parsed = VonageInboundParser.Parse(admission.Parameters!, clock.GetUtcNow());
        if (!parsed.Succeeded)
            return gate.Refuse(Webhook, StatusCodes.Status400BadRequest, "invalid_payload", parsed.Errors);

        var inbound = parsed.Value!;
        var message = inbound.ToMessage();
        if (!await publisher.TryPublishAsync(message, message.MessageId, cancellationToken))
            return Problems.BrokerUnavailable(context);

        var from = Redact.Phone(inbound.From);
        if (inbound.Concatenation is { } part)
            IngressLog.ConcatenatedPartPublishedAlone(logger, inbound.ProviderMessageId, part.Part, part.Total, part.Reference, from);
        IngressLog.InboundPublished(logger, inbound.ProviderMessageId, from, Redact.Phone(inbound.To), inbound.Text.Length, message.MessageId);
        return TypedResults.NoContent();
    }
}
