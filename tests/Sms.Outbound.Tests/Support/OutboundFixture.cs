using Microsoft.Extensions.DependencyInjection;
using Sms.Outbound.Extensions;
using Sms.Testing;
using StackExchange.Redis;

namespace Sms.Outbound.Tests.Support;

/// <summary>
/// What Outbound's tests against real servers share, so a test class keeps only what is its own: the test Redis (the
/// run's one connection, <see cref="TestRedis"/>), a fake Vonage and a fake Twilio (real local HTTP servers, started once
/// per fixture and set back to accepting every send before each test), and Outbound's own wiring pointed at them, as
/// services (<see cref="Outbound"/>) or as its consumers on the in-memory bus (<see cref="StartConsumersAsync"/>).
/// Whatever a test starts through them is stopped after it.
/// </summary>
public abstract class OutboundFixture
{
    private readonly List<IAsyncDisposable> startedByTest = [];
    private IConnectionMultiplexer? secondConnection;

    /// <summary>The test Redis, through the connection every test shares.</summary>
    protected IConnectionMultiplexer Redis { get; private set; } = null!;

    protected FakeVonage Vonage { get; private set; } = null!;

    protected FakeTwilio Twilio { get; private set; } = null!;

    /// <summary>This test's log lines, for the harnesses that are given them (<c>Logs = Logs</c>).</summary>
    protected CapturedLogs Logs { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartServers()
    {
        Redis = await TestRedis.GetAsync();
        Vonage = await FakeVonage.StartAsync();
        Twilio = await FakeTwilio.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopServers()
    {
        await Twilio.DisposeAsync();
        await Vonage.DisposeAsync();
        if (secondConnection is not null) await secondConnection.DisposeAsync();
    }

    [SetUp]
    public void AcceptEverySend()
    {
        Vonage.Answer = null;
        Twilio.Answer = null;
        Logs = new CapturedLogs();
    }

    [TearDown]
    public async Task StopWhatTheTestStarted()
    {
        for (var i = startedByTest.Count - 1; i >= 0; i--) await startedByTest[i].DisposeAsync();
        startedByTest.Clear();
        Logs.Dispose();
    }

    /// <summary>
    /// A Redis connection of its own, for a test that plays a second Outbound instance: instances share limits, claims
    /// and fences only through Redis, never through one connection.
    /// </summary>
    protected async Task<IConnectionMultiplexer> SecondConnectionAsync() =>
        secondConnection ??= await ConnectionMultiplexer.ConnectAsync((await Servers.GetAsync()).Redis);

    /// <summary>
    /// One Outbound instance's services (<see cref="OutboundServices"/>: its own circuit and carrier clients) with the
    /// Vonage client pointed at <see cref="Vonage"/>, over <paramref name="redis"/> (default: <see cref="Redis"/>).
    /// </summary>
    protected ServiceProvider Outbound(
        IReadOnlyDictionary<string, string?>? settings = null, int timeoutSeconds = 10, IConnectionMultiplexer? redis = null)
    {
        var provider = OutboundServices.Create(Vonage.BaseUrl, timeoutSeconds, settings: settings)
            .AddSingleton(redis ?? Redis)
            .BuildServiceProvider();
        startedByTest.Add(provider);
        return provider;
    }

    /// <summary>
    /// One Outbound instance's consumers on the in-memory bus (<see cref="ConsumerHarness"/> with
    /// <c>AddOutboundServices</c> and <c>AddOutboundConsumers</c>, as Program.cs registers them), configured as
    /// <see cref="Outbound"/> and then <paramref name="settings"/>.
    /// </summary>
    /// <param name="options">The harness's retry, outbox and logs; its <c>Settings</c> are replaced.</param>
    protected async Task<ConsumerHarness> StartConsumersAsync(
        IReadOnlyDictionary<string, string?> settings, ConsumerHarnessOptions options, int timeoutSeconds = 10, IConnectionMultiplexer? redis = null)
    {
        var harness = await ConsumerHarness.StartAsync(
            services => services.AddSingleton(redis ?? Redis).AddOutboundServices(),
            bus => bus.AddOutboundConsumers(),
            options with { Settings = OutboundServices.Settings(Vonage.BaseUrl, timeoutSeconds, settings: settings) });
        startedByTest.Add(harness);
        return harness;
    }

    /// <summary>Stops a harness before the test ends, e.g. to start one with other settings; once stopped, nothing.</summary>
    protected async Task StopAsync(ConsumerHarness harness)
    {
        if (startedByTest.Remove(harness)) await harness.DisposeAsync();
    }
}
