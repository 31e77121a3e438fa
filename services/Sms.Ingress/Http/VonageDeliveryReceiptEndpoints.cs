using Sms.Ingress.Publishing;
using Sms.Ingress.Telemetry;
using Sms.Ingress.Vonage;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Ingress.Http;

/// <summary>
/// <c>GET|POST /webhooks/vonage/delivery-receipt</c>: a Vonage delivery receipt → <c>SmsDeliveryStatusChanged</c>.
/// Same encodings, signature rules and answers as the inbound webhook.
/// </summary>
public static class VonageDeliveryReceiptEndpoints
{
    public const string Path = "/webhooks/vonage/delivery-receipt";
    private const string Webhook = "delivery-receipt";

    public static IEndpointRouteBuilder MapVonageDeliveryReceiptWebhook(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Post], HandleAsync)
            .WithName("VonageDeliveryReceipt")
            .WithTags("Vonage webhooks");
        return app;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext context, VonageWebhookGate gate, EdgePublisher publisher, TimeProvider clock, ILoggerFactory loggers)
    {
        var cancellationToken = context.RequestAborted;
        var logger = loggers.CreateLogger(typeof(VonageDeliveryReceiptEndpoints));
        var admission = await gate.AdmitAsync(context.Request, Webhook, cancellationToken);
        if (admission.Refusal is not null) return admission.Refusal;

        var parsed = VonageDeliveryReceiptParser.Parse(admission.Parameters!, clock.GetUtcNow());
        if (!parsed.Succeeded)
            return gate.Refuse(Webhook, StatusCodes.Status400BadRequest, "invalid_payload", parsed.Errors);

        var receipt = parsed.Value!;
        if (!receipt.StatusRecognised)
            IngressLog.UnrecognisedDeliveryStatus(logger, receipt.ProviderMessageId, receipt.RawStatus);
        if (receipt.ForeignClientRef is not null)
            IngressLog.ForeignClientRef(logger, receipt.ProviderMessageId, receipt.ForeignClientRef);

        if (!await publisher.TryPublishAsync(receipt.ToMessage(), receipt.MessageId, cancellationToken))
            return Problems.BrokerUnavailable(context);

        IngressLog.DeliveryReceiptPublished(logger, receipt.ProviderMessageId, receipt.MessageId, Redact.Phone(receipt.To),
            receipt.Status.ToString(), receipt.ErrorCode);
        return TypedResults.NoContent();
    }
}
