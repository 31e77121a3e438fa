using Sms.Contracts.Inbound;
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

    public static IEndpointRouteBuilder MapVonageInboundWebhook(this IEndpointRouteBuilder app)
    {
        app.MapVonageWebhook(Path, "inbound", typeof(VonageInboundEndpoints), VonageInboundParser.Parse,
                inbound => inbound.ToMessage(), message => message.MessageId, Published)
            .WithName("VonageInboundSms");
        return app;
    }

    private static void Published(ILogger logger, VonageInbound inbound, InboundSmsReceived message)
    {
        var from = Redact.Phone(inbound.From);
        if (inbound.Concatenation is { } part)
            IngressLog.ConcatenatedPartPublishedAlone(logger, inbound.ProviderMessageId, part.Part, part.Total, part.Reference, from);
        IngressLog.InboundPublished(logger, inbound.ProviderMessageId, from, Redact.Phone(inbound.To), inbound.Text.Length, message.MessageId);
    }
}
