using Microsoft.Extensions.Options;
using Sms.CarrierSimulator.Webhooks;
using Sms.Carriers.Vonage;

namespace Sms.CarrierSimulator.Extensions;

/// <summary>What data annotations cannot say: known signature and webhook methods, absolute http(s) webhook URLs.</summary>
public sealed class SimulatorOptionsValidator : IValidateOptions<SimulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulatorOptions options)
    {
        var failures = new List<string>();
        if (!VonageSignature.TryParseMethod(options.SignatureMethod, out _))
            failures.Add($"Simulator:SignatureMethod '{options.SignatureMethod}' is not one of md5hash, md5, sha1, sha256, sha512.");
        if (!WebhookMethods.TryParse(options.InboundWebhookMethod, out _))
            failures.Add($"Simulator:InboundWebhookMethod '{options.InboundWebhookMethod}' is not one of GET, POST, POST-JSON.");
        if (!IsHttpUrl(options.InboundWebhookUrl))
            failures.Add($"Simulator:InboundWebhookUrl '{options.InboundWebhookUrl}' is not an absolute http(s) URL.");
        if (!string.IsNullOrWhiteSpace(options.DeliveryReceiptUrl) && !IsHttpUrl(options.DeliveryReceiptUrl))
            failures.Add($"Simulator:DeliveryReceiptUrl '{options.DeliveryReceiptUrl}' is not an absolute http(s) URL (leave it empty to send no receipts).");
        if (!IsHttpUrl(options.Twilio.InboundWebhookUrl))
            failures.Add($"Simulator:Twilio:InboundWebhookUrl '{options.Twilio.InboundWebhookUrl}' is not an absolute http(s) URL.");
        if (string.IsNullOrWhiteSpace(options.Twilio.AccountSid) || string.IsNullOrWhiteSpace(options.Twilio.AuthToken))
            failures.Add("Simulator:Twilio:AccountSid and Simulator:Twilio:AuthToken must not be empty.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
