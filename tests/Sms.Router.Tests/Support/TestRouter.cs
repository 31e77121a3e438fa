using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sms.Router.Extensions;
using Sms.Testing;

namespace Sms.Router.Tests.Support;

/// <summary>The router for a test: its consumers on the shared <see cref="ConsumerHarness"/>, or its whole host.</summary>
public static class TestRouter
{
    /// <summary>MassTransit's own default: how long the bus must be quiet before the harness lists what was published.</summary>
    private static readonly TimeSpan InactivityTimeout = TimeSpan.FromSeconds(1.2);

    /// <summary>The router's own <c>appsettings.json</c> (its flows, engagement weights), as the hosted router reads it.</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, string?>> ShippedSettings = new(() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false)
        .Build()
        .AsEnumerable()
        .ToDictionary(pair => pair.Key, pair => pair.Value));

    /// <summary>
    /// The router's consumers and services (<c>AddRouterServices</c>, <c>AddRouterConsumers</c>) on the in-memory bus
    /// with the real Redis. Its expiry poller stays off: tests run the expiry processor themselves.
    /// </summary>
    /// <param name="settings">Configuration on top of the defaults (and of the shipped settings, when <paramref name="withShippedSettings"/>).</param>
    /// <param name="clock">The router's clock; the real one by default.</param>
    /// <param name="withShippedSettings">Start from the router's <c>appsettings.json</c>.</param>
    public static async Task<ConsumerHarness> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null, bool withShippedSettings = false)
    {
        var configuration = new Dictionary<string, string?>(withShippedSettings ? ShippedSettings.Value : new Dictionary<string, string?>())
        {
            ["Router:SessionExpiry:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) configuration[key] = value;

        var redis = await TestRedis.GetAsync();
        return await ConsumerHarness.StartAsync(
            services => services.AddSingleton(redis).AddRouterServices(),
            bus => bus.AddRouterConsumers(),
            new ConsumerHarnessOptions { Settings = configuration, Clock = clock, InactivityTimeout = InactivityTimeout });
    }

    /// <summary>The router as hosted (its own <c>Program</c>, the bus swapped for the test harness) over the test Redis.</summary>
    public static async Task<HarnessedService<Program>> HostAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var configuration = new Dictionary<string, string> { ["ConnectionStrings:Redis"] = (await Servers.GetAsync()).Redis };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) configuration[key] = value;
        return new HarnessedService<Program>(configuration);
    }
}
