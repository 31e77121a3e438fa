using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sms.Campaigns.Extensions;

namespace Sms.Campaigns.Tests.Extensions;

/// <summary>The settings the service checks at start, so a bad one stops it there rather than failing every launch.</summary>
public sealed class CampaignsOptionsTests
{
    private static CampaignsOptions Resolve(Dictionary<string, string?> settings)
    {
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging()
            .AddCampaignsServices()
            .BuildServiceProvider();
        return provider.GetRequiredService<IOptions<CampaignsOptions>>().Value;
    }

    [Test]
    public void An_unknown_default_time_zone_is_refused() =>
        Assert.That(() => Resolve(new() { ["Campaigns:DefaultTimeZone"] = "Mars/Olympus_Mons" }),
            Throws.TypeOf<OptionsValidationException>().With.Message.Contains("DefaultTimeZone"));

    [Test]
    public void A_dispatch_interval_over_a_second_is_refused() =>
        Assert.That(() => Resolve(new() { ["Campaigns:DispatchInterval"] = "00:00:05" }), Throws.TypeOf<OptionsValidationException>());

    [Test]
    public void The_defaults_are_valid() =>
        Assert.That(Resolve([]).DefaultTimeZone, Is.EqualTo("UTC"));
}
