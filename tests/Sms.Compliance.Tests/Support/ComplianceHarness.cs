using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Sms.Compliance.Extensions;
using Sms.ServiceDefaults.Messaging;
using Sms.ServiceDefaults.Messaging.Watchdog;
using Sms.Testing;
using StackExchange.Redis;

namespace Sms.Compliance.Tests.Support;

/// <summary>The compliance consumers on MassTransit's in-memory test harness, with the real ledger behind them.</summary>
internal sealed class ComplianceHarness : IAsyncDisposable
{
    public const string ProgramName = "Acme Alerts";
    public const string SupportContact = "+15550100";
    public const string Scope = "default";

    private readonly ServiceProvider _provider;

    private ComplianceHarness(ServiceProvider provider, ITestHarness harness)
    {
        _provider = provider;
        Harness = harness;
    }

    public ITestHarness Harness { get; }

    public IServiceProvider Services => _provider;

    private static readonly Lazy<Task<IConnectionMultiplexer>> SharedRedis = new(async () =>
        await ConnectionMultiplexer.ConnectAsync((await Servers.GetAsync()).Redis));

    /// <summary>The test Redis every harness shares (keys are per number, and numbers are unique per test).</summary>
    public static Task<IConnectionMultiplexer> RedisAsync() => SharedRedis.Value;

    /// <param name="dataSource">The ledger's database.</param>
    /// <param name="configureEndpoints">Extra configuration of every receive endpoint, e.g. a retry policy.</param>
    /// <param name="logs">Where the services' logs go as well, e.g. <c>CapturedLogs</c>.</param>
    /// <param name="serviceRetry">
    /// The retry every service's endpoints get (<c>UseSmsMessageRetry</c>), configured from <c>Messaging:Retry:*</c>
    /// in <paramref name="settings"/>; without it nothing is retried unless <paramref name="configureEndpoints"/> says so.
    /// </param>
    public static async Task<ComplianceHarness> StartAsync(
        NpgsqlDataSource dataSource,
        Action<IReceiveEndpointConfigurator>? configureEndpoints = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        TimeProvider? clock = null,
        ILoggerProvider? logs = null,
        bool serviceRetry = false)
    {
        var redis = await RedisAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Compliance:Scope"] = Scope,
                ["Compliance:ProgramName"] = ProgramName,
                ["Compliance:SupportContact"] = SupportContact,
                // Consent tests must not depend on the wall clock; the quiet-hours tests turn them on.
                ["Compliance:QuietHours:Enabled"] = "false",
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();

        var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging =>
            {
                if (logs is not null) logging.AddProvider(logs);
            })
            .AddSingleton(dataSource)
            .AddSingleton(redis)
            .AddSingleton(clock ?? TimeProvider.System)
            .AddComplianceServices()
            // The tests drive the deferred-send releaser themselves (on their own clock): no poller of the shared table.
            .RemoveAll<IHostedService>()
            .AddSmsMessageRetry()
            // What AddSmsMessaging registers for the watchdog: the consumers record their direct publishes on it.
            .AddSingleton<BusActivity>()
            // A message still retrying when a test ends (an outage that never ends) does not hold up the stop.
            .Configure<MassTransitHostOptions>(o =>
            {
                o.StopTimeout = TimeSpan.FromSeconds(10);
                o.ConsumerStopTimeout = TimeSpan.FromSeconds(2);
            })
            .AddMassTransitTestHarness(x =>
            {
                if (serviceRetry)
                    x.AddConfigureEndpointsCallback((context, _, endpoint) => endpoint.UseSmsMessageRetry(context));
                if (configureEndpoints is not null)
                    x.AddConfigureEndpointsCallback((_, _, endpoint) => configureEndpoints(endpoint));
                x.AddComplianceConsumers();
            })
            .BuildServiceProvider(validateScopes: true);

        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        return new ComplianceHarness(provider, harness);
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
    }
}
