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
    public const string ApiKey = "e2e-api-key";
    public const string BusinessNumber = "+15550100000";

    private static readonly (string Name, int Port)[] Services =
    [
        ("Sms.Ingress", 6100), ("Sms.Router", 6200), ("Sms.Compliance", 6300),
        ("Sms.Outbound", 6400), ("Sms.Conversations", 6500),
    ];

    private const int SimulatorPort = 6900;

    private static readonly List<PlatformProcess> Processes = [];
    private static IBusControl? observerBus;

    public static HttpClient Ingress { get; private set; } = null!;
    public static HttpClient Simulator { get; private set; } = null!;
    public static HttpClient Conversations { get; private set; } = null!;
    public static HttpClient Compliance { get; private set; } = null!;
    public static PublishedEvents Events { get; } = new();
    public static IBus Bus => observerBus ?? throw new InvalidOperationException("The platform is not started.");
    public static IConnectionMultiplexer Redis { get; private set; } = null!;
    public static NpgsqlDataSource Postgres { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var servers = await Servers.GetAsync();
        Redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis);
        Postgres = NpgsqlDataSource.Create(servers.Postgres);
        observerBus = await Events.StartObserverAsync(servers.RabbitMq);

        var environment = new Dictionary<string, string>(servers.ServiceEnvironment())
        {
            ["Api__Keys__0"] = ApiKey,
            ["Vonage__ApiKey"] = "e2ekey01",
            ["Vonage__ApiSecret"] = "e2e-api-secret",
            ["Vonage__SignatureSecret"] = "e2e-signature-secret",
            ["Vonage__SignatureMethod"] = "sha256",
            ["Vonage__RestBaseUrl"] = $"http://127.0.0.1:{SimulatorPort}",
            ["Vonage__DefaultFrom"] = BusinessNumber,
            ["Vonage__DeliveryReceiptUrl"] = "http://127.0.0.1:6100/webhooks/vonage/delivery-receipt",
            ["Simulator__ApiKey"] = "e2ekey01",
            ["Simulator__ApiSecret"] = "e2e-api-secret",
            ["Simulator__SignatureSecret"] = "e2e-signature-secret",
            ["Simulator__SignatureMethod"] = "sha256",
            ["Simulator__InboundWebhookUrl"] = "http://127.0.0.1:6100/webhooks/vonage/inbound",
            ["Simulator__DeliveryReceiptUrl"] = "http://127.0.0.1:6100/webhooks/vonage/delivery-receipt",
            ["MASSTRANSIT_USAGE_TELEMETRY"] = "false",
            ["Logging__LogLevel__Default"] = "Information",
        };

        // 1. Every service declares its queues and bindings, so nothing published at start-up is dropped.
        var deployments = Services
            .Select(s => PlatformProcess.Start(s.Name + " (topology)", AssemblyPath(s.Name), environment, "--Messaging:DeployTopologyOnly=true"))
            .ToList();
        foreach (var deployment in deployments)
        {
            var exitCode = await deployment.WaitForExitAsync(TimeSpan.FromMinutes(2));
            Assert.That(exitCode, Is.Zero, $"{deployment.Name} failed:\n{deployment.Output}");
            await deployment.DisposeAsync();
        }

        // 2. The carrier simulator and the five services.
        Processes.Add(PlatformProcess.Start("Sms.CarrierSimulator", AssemblyPath("Sms.CarrierSimulator"),
            new Dictionary<string, string>(environment) { ["Urls"] = $"http://127.0.0.1:{SimulatorPort}" }));
        foreach (var (name, port) in Services)
        {
            Processes.Add(PlatformProcess.Start(name, AssemblyPath(name),
                new Dictionary<string, string>(environment) { ["Urls"] = $"http://127.0.0.1:{port}" }));
        }

        Simulator = Client(SimulatorPort);
        Ingress = Client(6100);
        Compliance = Client(6300);
        Conversations = Client(6500);

        await WaitUntilReadyAsync([SimulatorPort, .. Services.Select(s => s.Port)], TimeSpan.FromSeconds(120));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        var failed = TestContext.CurrentContext.Result.FailCount > 0;
        foreach (var process in Processes)
        {
            await process.DisposeAsync();
            if (failed) await TestContext.Progress.WriteLineAsync($"===== {process.Name} output =====\n{process.Output}");
        }
        Processes.Clear();
        Ingress?.Dispose();
        Simulator?.Dispose();
        Compliance?.Dispose();
        Conversations?.Dispose();
        if (observerBus is not null) await observerBus.StopAsync();
        Redis?.Dispose();
        if (Postgres is not null) await Postgres.DisposeAsync();
    }

    /// <summary>A fresh customer number for one test, so tests never see each other's sessions, threads or consent.</summary>
    public static string NewCustomerNumber() => "+4477009" + Random.Shared.Next(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    private static HttpClient Client(int port)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    private static async Task WaitUntilReadyAsync(int[] ports, TimeSpan timeout)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        foreach (var port in ports)
        {
            while (true)
            {
                var exited = Processes.FirstOrDefault(p => p.HasExited);
                if (exited is not null) Assert.Fail($"{exited.Name} exited during start-up:\n{exited.Output}");
                try
                {
                    using var response = await probe.GetAsync($"http://127.0.0.1:{port}/health/ready");
                    if (response.IsSuccessStatusCode) break;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                if (DateTime.UtcNow > deadline)
                {
                    Assert.Fail($"Port {port} was not ready after {timeout.TotalSeconds}s.\n" +
                                string.Join("\n", Processes.Select(p => $"===== {p.Name} =====\n{p.Output}")));
                }
                await Task.Delay(250);
            }
        }
    }

    /// <summary><c>services/X/bin/{Configuration}/net10.0/X.dll</c>, the configuration being the one this test assembly was built with.</summary>
    private static string AssemblyPath(string project)
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory); // tests/Sms.EndToEnd.Tests/bin/<Configuration>/net10.0/
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Sms.Platform.sln"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException("Cannot find Sms.Platform.sln above " + AppContext.BaseDirectory);
        var path = Path.Combine(root.FullName, "services", project, "bin", configuration, framework, project + ".dll");
        if (!File.Exists(path)) throw new FileNotFoundException($"{project} is not built ({path}). Build the solution first: dotnet build Sms.Platform.sln -c {configuration}", path);
        return path;
    }

    public static async Task<HttpResponseMessage> SendFromUpstreamAsync(object request)
    {
        return await Ingress.PostAsJsonAsync("/v1/messages", request);
    }
}
