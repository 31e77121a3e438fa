using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sms.Router.Consumers;
using Sms.Router.Data;
using Sms.Router.Extensions;
using Sms.Router.Tests.Support;
using Sms.Testing;

namespace Sms.Router.Tests.Consumers;

/// <summary>The router's consumers on the in-memory test harness, with the real Redis. One per test.</summary>
internal sealed class RouterHarness : IAsyncDisposable
{
    private static readonly TimeSpan ConsumeTimeout = TimeSpan.FromSeconds(10);

    private readonly ServiceProvider _provider;

    private RouterHarness(ServiceProvider provider)
    {
        _provider = provider;
    }

    public ITestHarness Bus => _provider.GetRequiredService<ITestHarness>();

    public SessionStore Store => _provider.GetRequiredService<SessionStore>();

    public IServiceProvider Services => _provider;

    /// <param name="settings">Configuration on top of the defaults (and of the router's own <c>appsettings.json</c>, when <paramref name="withShippedSettings"/>).</param>
    /// <param name="clock">The router's clock; the real one by default.</param>
    /// <param name="withShippedSettings">Start from the router's <c>appsettings.json</c> (its flows, engagement weights).</param>
    public static async Task<RouterHarness> StartAsync(
        IDictionary<string, string?>? settings = null, TimeProvider? clock = null, bool withShippedSettings = false)
    {
        var builder = new ConfigurationBuilder();
        if (withShippedSettings) builder.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false);
        var configuration = builder
            // The tests run the expiry processor themselves; the service's poller stays off.
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Router:SessionExpiry:Enabled"] = "false" })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSingleton(await TestRedis.GetAsync())
            .AddSingleton<Sms.ServiceDefaults.Messaging.Watchdog.BusActivity>()
            .AddRouterServices();
        if (clock is not null) services.AddSingleton(clock);
        var provider = services
            .AddMassTransitTestHarness(bus => bus.AddRouterConsumers())
            .BuildServiceProvider(validateScopes: true);
        var harness = new RouterHarness(provider);
        await harness.Bus.Start();
        return harness;
    }

    /// <summary>Publishes a message and waits until the router's consumer has handled it, without a fault.</summary>
    public async Task DeliverAsync<T>(T message, Func<T, bool> identifies) where T : class
    {
        var before = Bus.Consumed.Select<T>(c => identifies(c.Context.Message)).Count();
        await Bus.Bus.Publish(message);

        IReceivedMessage<T>? consumed = null;
        var deadline = DateTime.UtcNow + ConsumeTimeout;
        while (consumed is null && DateTime.UtcNow < deadline)
        {
            consumed = Bus.Consumed.Select<T>(c => identifies(c.Context.Message)).Skip(before).FirstOrDefault();
            if (consumed is null) await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
        Assert.That(consumed, Is.Not.Null, $"the router did not consume the {typeof(T).Name}");
        Assert.That(consumed!.Exception, Is.Null, $"the router failed on the {typeof(T).Name}");
    }

    /// <summary>Waits until the router has consumed a message it (or a test) published elsewhere, without a fault.</summary>
    public async Task ConsumedAsync<T>(Func<T, bool> identifies) where T : class
    {
        IReceivedMessage<T>? consumed = null;
        var deadline = DateTime.UtcNow + ConsumeTimeout;
        while (consumed is null && DateTime.UtcNow < deadline)
        {
            consumed = Bus.Consumed.Select<T>(c => identifies(c.Context.Message)).FirstOrDefault();
            if (consumed is null) await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
        Assert.That(consumed, Is.Not.Null, $"the router did not consume the {typeof(T).Name}");
        Assert.That(consumed!.Exception, Is.Null, $"the router failed on the {typeof(T).Name}");
    }

    /// <summary>Every message of a type published while the harness ran, once the bus has gone quiet.</summary>
    public async Task<IReadOnlyList<T>> PublishedAsync<T>(Func<T, bool> where) where T : class
    {
        await Bus.InactivityTask;
        return Bus.Published.Select<T>(p => where(p.Context.Message)).Select(p => p.Context.Message).ToList();
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
