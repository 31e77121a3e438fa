using Microsoft.AspNetCore.Http.HttpResults;
using Sms.Ingress.Inbound;
using Sms.Ingress.Numbers;
using Sms.Ingress.Vonage;

namespace Sms.Ingress.Http;

/// <summary>
/// <c>GET|POST /webhooks/vonage/delivery-receipt</c>: a Vonage delivery receipt → one <c>SmsDeliveryStatusChanged</c>
/// per message (part) and status, however often Vonage delivers it (<see cref="DeliveryReceiptHandler"/>). Same
/// encodings, signature rules and answers as the inbound webhook: 204 once the broker confirmed, or for a repeat;
/// 401 unsigned or wrongly signed; 400 unreadable; 503 broker or Redis trouble (Vonage retries).
/// </summary>
public static class VonageDeliveryReceiptEndpoints
{
    public const string Path = "/webhooks/vonage/delivery-receipt";
    private const string Webhook = "delivery-receipt";

    public static IEndpointRouteBuilder MapVonageDeliveryReceiptEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Post], HandleAsync).AllowAnonymous()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithTags("Vonage webhooks")
            .WithName("VonageDeliveryReceipt");
        return app;
    }

    private static async Task<Results<NoContent, WebhookRefusal, ProblemHttpResult>> HandleAsync(
        HttpContext context, VonageWebhookGate gate, DeliveryReceiptHandler receipts, InboundNumbers numbers, TimeProvider clock)
    {
        var admission = await gate.AdmitAsync(context.Request, Webhook, context.RequestAborted);
        if (admission.Refusal is not null) return admission.Refusal;

        var parsed = VonageDeliveryReceiptParser.Parse(admission.Parameters!, clock.GetUtcNow(), numbers);
        if (!parsed.Succeeded)
            return gate.Refuse(Webhook, StatusCodes.Status400BadRequest, "invalid_payload", parsed.Errors);

        return ReceiptAnswers.RetryLater(context, await receipts.HandleAsync(parsed.Value!, context.RequestAborted)) is { } retry
            ? retry
            : TypedResults.NoContent();
    }
}
