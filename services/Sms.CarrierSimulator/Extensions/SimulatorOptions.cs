using System.ComponentModel.DataAnnotations;
using Sms.CarrierSimulator.Webhooks;
using Sms.Carriers.Vonage;

namespace Sms.CarrierSimulator.Extensions;

/// <summary>
/// <c>Simulator:*</c> settings of the DEVELOPMENT CARRIER: the credentials it accepts on <c>/sms/json</c>, the secret it
/// signs webhooks with and where it sends them (the platform's Ingress by default). Values for local runs only.
/// </summary>
public sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>The <c>api_key</c> the simulator accepts (form field or Basic auth user).</summary>
    [Required(AllowEmptyStrings = false)]
    public string ApiKey { get; set; } = "";

    /// <summary>The <c>api_secret</c> the simulator accepts (form field or Basic auth password).</summary>
    [Required(AllowEmptyStrings = false)]
    public string ApiSecret { get; set; } = "";

    /// <summary>The account signature secret: signs inbound webhooks and delivery receipts, verifies signed sends.</summary>
    [Required(AllowEmptyStrings = false)]
    public string SignatureSecret { get; set; } = "";

    /// <summary><c>md5hash</c> (the Vonage dashboard default), <c>md5</c>, <c>sha1</c>, <c>sha256</c> or <c>sha512</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string SignatureMethod { get; set; } = "md5hash";

    /// <summary>Where simulated customer messages go (the dashboard's "Inbound SMS" URL).</summary>
    [Required(AllowEmptyStrings = false)]
    public string InboundWebhookUrl { get; set; } = "http://127.0.0.1:5100/webhooks/vonage/inbound";

    /// <summary><c>GET</c> (query string), <c>POST</c> (form) or <c>POST-JSON</c>; used for inbound messages and receipts.</summary>
    [Required(AllowEmptyStrings = false)]
    public string InboundWebhookMethod { get; set; } = "POST";

    /// <summary>The dashboard's delivery receipt URL, used when a send has no <c>callback</c>. Empty: no receipts.</summary>
    public string? DeliveryReceiptUrl { get; set; } = "http://127.0.0.1:5100/webhooks/vonage/delivery-receipt";

    /// <summary>False turns delivery receipts off entirely.</summary>
    public bool SendDeliveryReceipts { get; set; } = true;

    /// <summary>How long after accepting a send its receipts go out (a real carrier takes seconds).</summary>
    [Range(0, 60_000)]
    public int DeliveryReceiptDelayMilliseconds { get; set; } = 100;

    /// <summary>How many accepted messages <c>GET /simulator/messages</c> keeps (the oldest are dropped).</summary>
    [Range(1, 1_000_000)]
    public int MaxStoredMessages { get; set; } = 10_000;

    /// <summary>The simulated Twilio account and our numbers on it (<c>Simulator:Twilio:*</c>).</summary>
    public TwilioSimulatorOptions Twilio { get; set; } = new();

    // Methods, not properties: data-annotation validation reads every property, and these throw on bad values
    // that SimulatorOptionsValidator reports with a clearer message first.
    public VonageSignatureMethod GetSignatureMethod() =>
        VonageSignature.TryParseMethod(SignatureMethod, out var method)
            ? method
            : throw new InvalidOperationException($"Unknown Simulator:SignatureMethod '{SignatureMethod}'.");

    public WebhookMethod GetWebhookMethod() =>
        WebhookMethods.TryParse(InboundWebhookMethod, out var method)
            ? method
            : throw new InvalidOperationException($"Unknown Simulator:InboundWebhookMethod '{InboundWebhookMethod}'.");

    /// <summary>The configured receipt URL, or null when receipts are off or no URL is set.</summary>
    public Uri? GetDefaultDeliveryReceiptUri() =>
        SendDeliveryReceipts && !string.IsNullOrWhiteSpace(DeliveryReceiptUrl) ? new Uri(DeliveryReceiptUrl) : null;
}
