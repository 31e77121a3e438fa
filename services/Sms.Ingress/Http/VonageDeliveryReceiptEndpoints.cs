using Sms.Contracts.Inbound;
using Sms.Ingress.Inbound;
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

    public static IEndpointRouteBuilder MapVonageDeliveryReceiptWebhook(this IEndpointRouteBuilder app)
    {
        app.MapVonageWebhook(Path, "delivery-receipt", typeof(VonageDeliveryReceiptEndpoints), (parameters, now, numbers) => VonageDeliveryReceiptParser.Parse(parameters, now, numbers),
                receipt => receipt.ToMessage(), message => message.MessageId, Published)
            .WithName("VonageDeliveryReceipt");
        return app;
    }

    private static void Published(ILogger logger, DeliveryReceipt receipt, SmsDeliveryStatusChanged message)
    {
        if (!receipt.StatusRecognised)
            IngressLog.UnrecognisedDeliveryStatus(logger, receipt.Provider, receipt.ProviderMessageId, receipt.RawStatus);
        if (receipt.ForeignClientRef is not null)
            IngressLog.ForeignClientRef(logger, receipt.ProviderMessageId, receipt.ForeignClientRef);
        IngressLog.DeliveryReceiptPublished(logger, receipt.ProviderMessageId, message.MessageId, Redact.Phone(receipt.To),
            receipt.Status.ToString(), receipt.ErrorCode);
    }
}
