using System.Net.Http.Json;
using MassTransit;
using Npgsql;
using Sms.Testing;
using StackExchange.Redis;

namespace Sms.EndToEnd.Tests;

/// <summary>
/// Starts the whole platform once for the end-to-end suite: broker topology first (as the start command does), then
/// the carrier simulator and the five services as processes on their own ports, pointed at the test servers; and an
/// observer on the bus that records the events the tests look for.
/// </summary>
[SetUpFixture]
public sealed class Platform
{
    public const string BusinessNumber = PlatformLauncher.BusinessNumber;

    private static PlatformLauncher? launcher;
    private static IBusControl? observerBus;

    public static HttpClient Ingress { get; private set; } = null!;
    public static HttpClient Simulator { get; private set; } = null!;
    public static HttpClient Conversations { get; private set; } = null!;

    /// <summary>The Compliance API (the consent ledger), with the platform's API key.</summary>
    public static HttpClient Compliance { get; private set; } = null!;

    /// <summary>The Campaigns API (segments, campaigns, results), with the platform's API key.</summary>
    public static HttpClient Campaigns { get; private set; } = null!;
    public static PublishedEvents Events { get; } = new();
    public static IBus Bus => observerBus ?? throw new InvalidOperationException("The platform is not started.");
    public static IConnectionMultiplexer Redis { get; private set; } = null!;
    public static NpgsqlDataSource Postgres { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var servers = await Servers.GetAsync();
        Redis = await TestRedis.GetAsync();
        Postgres = NpgsqlDataSource.Create(servers.Postgres);
        observerBus = await Events.StartObserverAsync(servers.RabbitMq);

        launcher = new PlatformLauncher(servers, portBase: 6000);
        await launcher.DeployTopologyAsync();
        await launcher.StartAsync([PlatformLauncher.SimulatorName, .. PlatformLauncher.ServiceNames]);

        Simulator = launcher.Client(PlatformLauncher.SimulatorName);
        Ingress = launcher.Client("Sms.Ingress");
        Conversations = launcher.Client("Sms.Conversations");
        Compliance = launcher.Client("Sms.Compliance");
        Campaigns = launcher.Client("Sms.Campaigns");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (launcher is not null)
        {
            var failed = TestContext.CurrentContext.Result.FailCount > 0;
            var output = launcher.AllOutput();
            await launcher.DisposeAsync();
            if (failed) await TestContext.Progress.WriteLineAsync(output);
        }
        Ingress?.Dispose();
        Simulator?.Dispose();
        Conversations?.Dispose();
        Compliance?.Dispose();
        Campaigns?.Dispose();
        if (observerBus is not null) await observerBus.StopAsync();
        if (Postgres is not null) await Postgres.DisposeAsync();
    }

    /// <summary>A fresh customer number for one test, so tests never see each other's sessions, threads or consent.</summary>
    public static string NewCustomerNumber() => "+4477009" + Random.Shared.Next(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<HttpResponseMessage> SendFromUpstreamAsync(object request) =>
        await Ingress.PostAsJsonAsync("/v1/messages", request);
}
