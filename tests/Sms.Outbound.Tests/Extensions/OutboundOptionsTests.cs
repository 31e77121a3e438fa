using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sms.Outbound.Extensions;
using Sms.Outbound.RateLimits;
using Sms.Outbound.Tests.Support;

namespace Sms.Outbound.Tests.Extensions;

/// <summary>The rate-limit and resilience settings as the service binds and checks them.</summary>
public class OutboundOptionsTests
{
    private static ServiceProvider Provider(params (string Key, string? Value)[] settings) =>
        OutboundServices.Create("http://127.0.0.1:9", settings: settings.ToDictionary(s => s.Key, s => s.Value)).BuildServiceProvider();

    [Test]
    public void Per_number_limits_bind_from_configuration_with_or_without_plus()
    {
        using var provider = Provider(
            ("Outbound:RateLimits:Numbers:447700900000", "1"),
            ("Outbound:RateLimits:Numbers:88888", "100"),
            ("Outbound:RateLimits:DefaultPerNumberPerSecond", "5"));

        var options = provider.GetRequiredService<IOptions<RateLimitOptions>>().Value;

        Assert.Multiple(() =>
        {
            Assert.That(SendRateLimits.PerNumber("+447700900000", options), Is.EqualTo(1));
            Assert.That(SendRateLimits.PerNumber("88888", options), Is.EqualTo(100));
            Assert.That(SendRateLimits.PerNumber("+447700900999", options), Is.EqualTo(5));
            Assert.That(options.PerAccountPerSecond, Is.EqualTo(30), "Vonage's default account limit");
        });
    }

    [TestCase("Outbound:RateLimits:Numbers:447700900000", "0")]
    [TestCase("Outbound:RateLimits:PerAccountPerSecond", "0")]
    [TestCase("Outbound:Resilience:BreakerMinimumThroughput", "1")]
    [TestCase("Outbound:Resilience:TotalTimeoutSeconds", "15")]
    public void An_impossible_setting_is_refused(string key, string value)
    {
        using var provider = Provider((key, value));

        Assert.Throws<OptionsValidationException>(() =>
        {
            _ = provider.GetRequiredService<IOptions<RateLimitOptions>>().Value;
            _ = provider.GetRequiredService<IOptions<CarrierResilienceOptions>>().Value;
        });
    }
}
