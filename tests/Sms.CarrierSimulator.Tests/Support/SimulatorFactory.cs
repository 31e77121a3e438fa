using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sms.Testing;

namespace Sms.CarrierSimulator.Tests.Support;

/// <summary>The simulator hosted in-process with test settings; its webhooks go out over real HTTP.</summary>
public sealed class SimulatorFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    public const string ApiKey = "testkey1";
    public const string ApiSecret = "test-api-secret";
    public const string SignatureSecret = "test-signature-secret";

    /// <summary>Every log line the hosted simulator writes.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>Settings pointing both webhooks at <paramref name="receiver"/>; <paramref name="overrides"/> win.</summary>
    public static SimulatorFactory For(WebhookReceiver receiver, string method = "POST", string signatureMethod = "md5hash",
        params (string Key, string? Value)[] overrides) =>
        new(Settings(receiver, method, signatureMethod, overrides));

    public static Dictionary<string, string?> Settings(WebhookReceiver receiver, string method = "POST", string signatureMethod = "md5hash",
        params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Simulator:ApiKey"] = ApiKey,
            ["Simulator:ApiSecret"] = ApiSecret,
            ["Simulator:SignatureSecret"] = SignatureSecret,
            ["Simulator:SignatureMethod"] = signatureMethod,
            ["Simulator:InboundWebhookUrl"] = receiver.Url("/webhooks/vonage/inbound"),
            ["Simulator:InboundWebhookMethod"] = method,
            ["Simulator:DeliveryReceiptUrl"] = receiver.Url("/webhooks/vonage/delivery-receipt"),
            ["Simulator:DeliveryReceiptDelayMilliseconds"] = "0",
        };
        foreach (var (key, value) in overrides) settings[key] = value;
        return settings;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings));
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(Logs);
        });
    }
}
