using Microsoft.AspNetCore.Http.HttpResults;
using Sms.Ingress.Inbound;
using Sms.Ingress.Numbers;
using Sms.Ingress.Vonage;

namespace Sms.Ingress.Http;

/// <summary>
/// <c>GET|POST /webhooks/vonage/inbound</c>: a customer's SMS from the Vonage SMS API → one <c>InboundSmsReceived</c>,
/// however often Vonage delivers it and however it is split into parts. 204 once the broker confirmed the publish, for
/// a duplicate, or once a part of a concatenated message is stored; 401 unsigned or wrongly signed; 400 unreadable;
/// 503 broker or Redis trouble (Vonage retries).
/// </summary>
public static class VonageInboundEndpoints
{
    public const string Path = "/webhooks/vonage/inbound";
    private const string Webhook = "inbound";

    public static IEndpointRouteBuilder MapVonageInboundEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Post], HandleAsync).AllowAnonymous()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithTags("Vonage webhooks")
            .WithName("VonageInboundSms");
        return app;
    }

    private static async Task<Results<NoContent, WebhookRefusal, ProblemHttpResult>> HandleAsync(
        HttpContext context, VonageWebhookGate gate, InboundSmsHandler handler, InboundNumbers numbers, TimeProvider clock)
    {
        var cancellationToken = context.RequestAborted;
        var admission = await gate.AdmitAsync(context.Request, Webhook, cancellationToken);
        if (admission.Refusal is not null) return admission.Refusal;

        var parsed = VonageInboundParser.Parse(admission.Parameters!, clock.GetUtcNow(), numbers);
        if (!parsed.Succeeded)
            return gate.Refuse(Webhook, StatusCodes.Status400BadRequest, "invalid_payload", parsed.Errors);

        return await handler.HandleAsync(parsed.Value!, cancellationToken) == InboundOutcome.RetryLater
            ? Problems.InboundNotAcceptedYet(context)
            : TypedResults.NoContent();
    }
}
