using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sms.Outbound.Extensions;

namespace Sms.Outbound.Tests.Support;

/// <summary>
/// Outbound's real service wiring (<c>AddOutboundServices</c>, as Program.cs calls it) with the Vonage settings pointed
/// at a local server.
/// </summary>
public static class OutboundServices
{
    public const string DefaultFrom = "+447700900000";

    /// <summary>The Vonage account the tests send through, at <paramref name="restBaseUrl"/>, and <paramref name="settings"/> on top.</summary>
    /// <param name="settings">More configuration, e.g. <c>Outbound:RateLimits:*</c>; these win over the defaults.</param>
    public static Dictionary<string, string?> Settings(
        string restBaseUrl, int timeoutSeconds = 10, string? deliveryReceiptUrl = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Vonage:ApiKey"] = "abcd1234",
            ["Vonage:ApiSecret"] = "outbound-test-secret",
            ["Vonage:RestBaseUrl"] = restBaseUrl,
            ["Vonage:DefaultFrom"] = DefaultFrom,
            ["Vonage:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Vonage:DeliveryReceiptUrl"] = deliveryReceiptUrl,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) configuration[key] = value;
        return configuration;
    }

    /// <param name="settings">More configuration, e.g. <c>Outbound:RateLimits:*</c>; these win over the defaults.</param>
    public static ServiceCollection Create(
        string restBaseUrl, int timeoutSeconds = 10, string? deliveryReceiptUrl = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(Settings(restBaseUrl, timeoutSeconds, deliveryReceiptUrl, settings))
            .Build());
        services.AddLogging();
        services.AddOutboundServices();
        return services;
    }
}
