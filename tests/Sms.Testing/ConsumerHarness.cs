using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NUnit.Framework;
using Sms.ServiceDefaults.Messaging;
using Sms.ServiceDefaults.Messaging.Watchdog;

namespace Sms.Testing;

/// <summary>
/// A service's consumers on MassTransit's in-memory test harness (<c>AddMassTransitTestHarness</c>), registered by the
/// service's own methods, with the real PostgreSQL and Redis behind them. One per test: start it in <c>[SetUp]</c>
/// (or a project's fixture base class), dispose it in <c>[TearDown]</c>.
/// </summary>
/// <example>
/// <code>
/// await ConsumerHarness.StartAsync(
///     services => services.AddSingleton(dataSource).AddComplianceServices(),
///     bus => bus.AddComplianceConsumers(),
///     new ConsumerHarnessOptions { ServiceRetry = true });
/// </code>
/// </example>
public sealed class ConsumerHarness : IAsyncDisposable
{
    /// <summary>How long <see cref="PublishAsync{T}"/>, <see cref="DeliverAsync{T}"/> and <see cref="ConsumedAsync{T}"/> wait.</summary>
    public static readonly TimeSpan ConsumeTimeout = TimeSpan.FromSeconds(10);

    private readonly ServiceProvider _provider;

    private ConsumerHarness(ServiceProvider provider)
    {
        _provider = provider;
        Bus = provider.GetRequiredService<ITestHarness>();
    }

    /// <summary>MassTransit's harness: what was published, sent and consumed.</summary>
    public ITestHarness Bus { get; }

    public IServiceProvider Services => _provider;

    /// <summary>A service the service registered (a store, an options snapshot).</summary>
    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    /// <param name="addService">The service's own registration (<c>AddComplianceServices()</c>) and what it takes from its host: the data source, Redis.</param>
    /// <param name="addConsumers">The service's own consumer registration, the one its <c>Program</c> calls.</param>
    public static async Task<ConsumerHarness> StartAsync(
        Action<IServiceCollection> addService,
        Action<IBusRegistrationConfigurator> addConsumers,
        ConsumerHarnessOptions? options = null)
    {
        options ??= new ConsumerHarnessOptions();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(ShortRetryWaits.Settings)
            .AddInMemoryCollection(options.Settings)
            .Build();

        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging =>
            {
                if (options.Logs is not null) logging.AddProvider(options.Logs);
            })
            .AddSmsMessageRetry()
            // What AddSmsMessaging registers for the watchdog: consumers record their direct publishes on it.
            .AddSingleton<BusActivity>()
            // A message still retrying when a test ends (an outage that never ends) does not hold up the stop.
            .Configure<MassTransitHostOptions>(o =>
            {
                o.StopTimeout = TimeSpan.FromSeconds(10);
                o.ConsumerStopTimeout = TimeSpan.FromSeconds(2);
            });
        addService(services);
        // After the service's own registration, so a test's clock replaces the one the service falls back to.
        if (options.Clock is not null) services.AddSingleton(options.Clock);

        var provider = services
            .AddMassTransitTestHarness(bus =>
            {
                bus.SetTestTimeouts(testTimeout: options.TestTimeout, testInactivityTimeout: options.InactivityTimeout);
                if (options.ServicePipeline)
                    bus.AddConfigureEndpointsCallback((context, _, endpoint) => endpoint.UseSmsConsumePipeline(context));
                else if (options.ServiceRetry)
                    bus.AddConfigureEndpointsCallback((context, _, endpoint) => endpoint.UseSmsMessageRetry(context));
                if (options.ConfigureEndpoints is not null)
                    bus.AddConfigureEndpointsCallback((_, _, endpoint) => options.ConfigureEndpoints(endpoint));
                if (options.InMemoryOutbox)
                    bus.AddConfigureEndpointsCallback((context, _, endpoint) => endpoint.UseInMemoryOutbox(context));
                addConsumers(bus);
            })
            .BuildServiceProvider(validateScopes: true);

        var harness = new ConsumerHarness(provider);
        await harness.Bus.Start();
        return harness;
    }

    /// <summary>Publishes a message and returns once a consumer has handled it; fails the test if it threw.</summary>
    public async Task PublishAsync<T>(T message) where T : class
    {
        var envelopeId = NewId.NextGuid();
        await Bus.Bus.Publish(message, (PublishContext<T> context) => context.MessageId = envelopeId);
        await ConsumedAsync<T>(context => context.MessageId == envelopeId, typeof(T).Name);
    }

    /// <summary>Publishes a message and waits until a consumer has handled the next one <paramref name="identifies"/> picks, without a fault.</summary>
    public async Task DeliverAsync<T>(T message, Func<T, bool> identifies) where T : class
    {
        var before = Bus.Consumed.Select<T>(c => identifies(c.Context.Message)).Count();
        await Bus.Bus.Publish(message);
        await ConsumedAsync<T>(context => identifies(context.Message), typeof(T).Name, skip: before);
    }

    /// <summary>Waits until a consumer has handled a message a test or another consumer published, without a fault.</summary>
    public Task ConsumedAsync<T>(Func<T, bool> identifies) where T : class =>
        ConsumedAsync<T>(context => identifies(context.Message), typeof(T).Name);

    /// <summary>Every message of a type published while the harness ran, once the bus has gone quiet.</summary>
    public async Task<IReadOnlyList<T>> PublishedAsync<T>(Func<T, bool> where) where T : class
    {
        await Bus.InactivityTask;
        return Bus.Published.Select<T>(p => where(p.Context.Message)).Select(p => p.Context.Message).ToList();
    }

    private async Task ConsumedAsync<T>(Func<ConsumeContext<T>, bool> identifies, string name, int skip = 0) where T : class
    {
        IReceivedMessage<T>? consumed = null;
        var deadline = DateTime.UtcNow + ConsumeTimeout;
        while (consumed is null && DateTime.UtcNow < deadline)
        {
            consumed = Bus.Consumed.Select<T>(c => identifies(c.Context)).Skip(skip).FirstOrDefault();
            if (consumed is null) await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
        Assert.That(consumed, Is.Not.Null, $"no consumer handled the {name} within {ConsumeTimeout.TotalSeconds:0} s");
        Assert.That(consumed!.Exception, Is.Null, $"the consumer of the {name} failed");
    }

    public async ValueTask DisposeAsync()
    {
        await Bus.Stop();
        await _provider.DisposeAsync();
    }
}

/// <summary>How a <see cref="ConsumerHarness"/> differs from the plain in-memory harness.</summary>
public sealed record ConsumerHarnessOptions
{
    /// <summary>Configuration on top of <see cref="ShortRetryWaits"/>.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>The service's clock; the service's own default (the real clock) when null.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>Where the service's logs go as well, e.g. <see cref="CapturedLogs"/>.</summary>
    public ILoggerProvider? Logs { get; init; }

    /// <summary>Retry as the service's endpoints do (<c>UseSmsMessageRetry</c>, waits from <see cref="ShortRetryWaits"/>); otherwise nothing is retried.</summary>
    public bool ServiceRetry { get; init; }

    /// <summary>
    /// The whole consume pipeline <c>AddSmsMessaging</c> gives every endpoint (<c>UseSmsConsumePipeline</c>): the
    /// retry, the in-memory outbox and the records the bus watchdog judges. Implies <see cref="ServiceRetry"/>.
    /// </summary>
    public bool ServicePipeline { get; init; }

    /// <summary>The in-memory outbox of the service's endpoints: a consumer's publishes go out only when it succeeds.</summary>
    public bool InMemoryOutbox { get; init; }

    /// <summary>More configuration of every receive endpoint, e.g. a test's own retry policy.</summary>
    public Action<IReceiveEndpointConfigurator>? ConfigureEndpoints { get; init; }

    /// <summary>How long the bus must be quiet before <see cref="ConsumerHarness.PublishedAsync{T}"/> answers.</summary>
    public TimeSpan InactivityTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>MassTransit's test timeout (its harness's waits give up then); longer for a test that sends thousands.</summary>
    public TimeSpan TestTimeout { get; init; } = TimeSpan.FromSeconds(20);
}
