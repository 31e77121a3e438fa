using Sms.Testing;

namespace Sms.EndToEnd.Tests;

/// <summary>
/// Starts services of the platform as processes from their build output, as deploy/start.sh does: configuration by
/// environment variables, the broker topology deployed first, readiness awaited on <c>/health/ready</c>.
/// Every instance takes its ports from a base (Ingress base+100, Router +200, …, simulator +900), so two launches
/// never collide with each other or with a platform started by hand on the default ports. <c>SMS_E2E_PORT_OFFSET</c>
/// moves every base by that much, so two checkouts can run their end-to-end tests on one machine at once.
/// </summary>
public sealed class PlatformLauncher(Servers servers, int portBase) : IAsyncDisposable
{
    public const string ApiKey = "e2e-api-key";
    public const string BusinessNumber = "+15550100000";
    /// <summary>A business number on Twilio (<c>Carriers:Numbers</c>); the simulator answers it as Twilio.</summary>
    public const string TwilioBusinessNumber = "+15550100001";
    public const string InboxAdminUsername = "e2e-admin";
    public const string InboxAdminPassword = "e2e-admin-password";

    /// <summary>
    /// A team of two agents, one open conversation each at most, that takes the escalations of customers who ask for a
    /// person (<see cref="HandoffReason"/>; no other test asks):
    /// the inbox's hand-off tests assign within it. Every other escalation goes to <see cref="SupportTeam"/>, of the
    /// admin alone, so the agents of this team see no other test's conversations.
    /// </summary>
    public const string HandoffTeam = "e2e-pair";
    public const string HandoffReason = "human_requested";
    public static readonly string[] HandoffAgents = ["e2e-ann", "e2e-bob"];
    public const string HandoffAgentPassword = "e2e-agent-password";
    public const string SupportTeam = "support";

    public static readonly string[] ServiceNames = ["Sms.Ingress", "Sms.Router", "Sms.Compliance", "Sms.Outbound", "Sms.Conversations", "Sms.Campaigns"];
    public const string SimulatorName = "Sms.CarrierSimulator";

    private readonly List<PlatformProcess> processes = [];
    private readonly List<SupervisedProcess> supervised = [];

    /// <summary>What <c>SMS_E2E_PORT_OFFSET</c> adds to every port (0 when unset).</summary>
    public static int PortOffset { get; } =
        int.TryParse(System.Environment.GetEnvironmentVariable("SMS_E2E_PORT_OFFSET"), out var offset) ? offset : 0;

    public int PortOf(string name) => portBase + PortOffset + name switch
    {
        "Sms.Ingress" => 100,
        "Sms.Router" => 200,
        "Sms.Compliance" => 300,
        "Sms.Outbound" => 400,
        "Sms.Conversations" => 500,
        "Sms.Campaigns" => 600,
        SimulatorName => 900,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>(servers.ServiceEnvironment())
    {
        ["Api__Keys__0"] = ApiKey,
        ["Vonage__ApiKey"] = "e2ekey01",
        ["Vonage__ApiSecret"] = "e2e-api-secret",
        ["Vonage__SignatureSecret"] = "e2e-signature-secret",
        ["Vonage__SignatureMethod"] = "sha256",
        ["Vonage__RestBaseUrl"] = $"http://127.0.0.1:{PortOf(SimulatorName)}",
        ["Vonage__DefaultFrom"] = BusinessNumber,
        ["Vonage__DeliveryReceiptUrl"] = $"http://127.0.0.1:{PortOf("Sms.Ingress")}/webhooks/vonage/delivery-receipt",
        ["Simulator__ApiKey"] = "e2ekey01",
        ["Simulator__ApiSecret"] = "e2e-api-secret",
        ["Simulator__SignatureSecret"] = "e2e-signature-secret",
        ["Simulator__SignatureMethod"] = "sha256",
        ["Simulator__InboundWebhookUrl"] = $"http://127.0.0.1:{PortOf("Sms.Ingress")}/webhooks/vonage/inbound",
        ["Simulator__DeliveryReceiptUrl"] = $"http://127.0.0.1:{PortOf("Sms.Ingress")}/webhooks/vonage/delivery-receipt",
        ["MASSTRANSIT_USAGE_TELEMETRY"] = "false",
        ["Carriers__Numbers__" + TwilioBusinessNumber[1..]] = "twilio",
        ["Twilio__AccountSid"] = "AC0e2e0e2e0e2e0e2e0e2e0e2e0e2e0e2e",
        ["Twilio__AuthToken"] = "e2e-twilio-auth-token",
        ["Twilio__BaseUrl"] = $"http://127.0.0.1:{PortOf(SimulatorName)}",
        ["Twilio__StatusCallbackUrl"] = $"http://127.0.0.1:{PortOf("Sms.Ingress")}/webhooks/twilio/status",
        ["Twilio__PublicBaseUrl"] = $"http://127.0.0.1:{PortOf("Sms.Ingress")}",
        ["Simulator__Twilio__AccountSid"] = "AC0e2e0e2e0e2e0e2e0e2e0e2e0e2e0e2e",
        ["Simulator__Twilio__AuthToken"] = "e2e-twilio-auth-token",
        ["Simulator__Twilio__InboundWebhookUrl"] = $"http://127.0.0.1:{PortOf("Sms.Ingress")}/webhooks/twilio/inbound",
        ["Simulator__Twilio__Numbers__0"] = TwilioBusinessNumber,
        ["Inbox__BootstrapAdmin__Username"] = InboxAdminUsername,
        ["Inbox__BootstrapAdmin__Password"] = InboxAdminPassword,
        ["Inbox__Teams__DefaultTeam"] = SupportTeam,
        ["Inbox__Teams__Teams__0__Name"] = HandoffTeam,
        ["Inbox__Teams__Teams__0__Members__0"] = HandoffAgents[0],
        ["Inbox__Teams__Teams__0__Members__1"] = HandoffAgents[1],
        ["Inbox__Teams__Teams__0__Capacity"] = "1",
        ["Inbox__Teams__Teams__0__Reasons__0"] = HandoffReason,
        ["Inbox__Teams__Teams__1__Name"] = SupportTeam,
        ["Inbox__Teams__Teams__1__Members__0"] = InboxAdminUsername,
        // The test database outlives a run: the admin keeps the conversations earlier runs left open.
        ["Inbox__Teams__Teams__1__Capacity"] = "10000",
        ["Inbox__Handoff__SweepInterval"] = "00:00:01",
        // Resolving asks the customer to rate the conversation (InboxCsatTests).
        ["Inbox__Csat__Enabled"] = "true",
        // An agent's picture goes to Twilio as a signed URL under the inbox's address (InboxMmsTests).
        ["Attachments__PublicBaseUrl"] = $"http://127.0.0.1:{PortOf("Sms.Conversations")}",
        ["Attachments__UrlSigningKey"] = "e2e-attachment-url-signing-key",
        // The inbox's Campaigns page: Conversations signs the pass, Campaigns reads it and lets the inbox's origin call.
        ["Inbox__PassKey"] = "e2e-inbox-pass-key",
        ["Inbox__Services__campaigns"] = $"http://127.0.0.1:{PortOf("Sms.Campaigns")}",
        ["Campaigns__InboxOrigins__0"] = $"http://127.0.0.1:{PortOf("Sms.Conversations")}",
        // A campaign's links go out as tracked links on the ingress (TrackedLinkTests).
        ["Links__SigningKey"] = "e2e-link-signing-key",
        ["Campaigns__TrackedLinkBase"] = $"http://127.0.0.1:{PortOf("Sms.Ingress")}/l/",
    };

    /// <summary>Every service declares its queues and bindings and exits, so nothing published later is dropped.</summary>
    public async Task DeployTopologyAsync()
    {
        var deployments = ServiceNames
            .Select(name => PlatformProcess.Start(name + " (topology)", AssemblyPath(name), Environment, "--Messaging:DeployTopologyOnly=true"))
            .ToList();
        try
        {
            foreach (var deployment in deployments)
            {
                int exitCode;
                try
                {
                    exitCode = await deployment.WaitForExitAsync(TimeSpan.FromMinutes(2));
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"{deployment.Name} did not finish within 2 minutes:\n{deployment.Output}");
                    throw;
                }
                Assert.That(exitCode, Is.Zero, $"{deployment.Name} failed:\n{deployment.Output}");
            }
        }
        finally
        {
            // A deployment that hangs is stopped with the others, not left running after the suite.
            foreach (var deployment in deployments) await deployment.DisposeAsync();
        }
    }

    /// <summary>Starts the named services (and the simulator, when named) and waits until each is ready.</summary>
    public async Task StartAsync(params string[] names)
    {
        var started = names.Select(name => PlatformProcess.Start(name, AssemblyPath(name),
            new Dictionary<string, string>(Environment) { ["Urls"] = $"http://127.0.0.1:{PortOf(name)}" })).ToList();
        processes.AddRange(started);
        await WaitUntilReadyAsync(started, TimeSpan.FromSeconds(120));
    }

    /// <summary>
    /// Starts one service under a supervisor that starts it again whenever it exits (<see cref="SupervisedProcess"/>),
    /// with <paramref name="settings"/> over the usual environment, and waits until it is ready.
    /// </summary>
    internal async Task<SupervisedProcess> StartSupervisedAsync(string name, IReadOnlyDictionary<string, string> settings)
    {
        var environment = new Dictionary<string, string>(Environment) { ["Urls"] = $"http://127.0.0.1:{PortOf(name)}" };
        foreach (var (key, value) in settings) environment[key] = value;
        var service = new SupervisedProcess(name, () => PlatformProcess.Start(name, AssemblyPath(name), environment));
        supervised.Add(service);
        // Not "has it exited": under its supervisor an exit during start-up is followed by another start.
        await WaitUntilReadyAsync(name, () => false, () => service.Output, TimeSpan.FromSeconds(120));
        return service;
    }

    public HttpClient Client(string name)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{PortOf(name)}"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    public string AllOutput() => string.Join("\n",
        processes.Select(p => $"===== {p.Name} =====\n{p.Output}").Concat(supervised.Select(p => $"===== {p.Name} (supervised) =====\n{p.Output}")));

    /// <summary>When a test of the fixture failed, keeps every service's output in <paramref name="fileName"/> beside the test results and says where.</summary>
    public async Task KeepOutputOnFailureAsync(string fileName)
    {
        if (TestContext.CurrentContext.Result.FailCount == 0) return;
        var output = AllOutput();
        var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, fileName);
        await File.WriteAllTextAsync(file, output);
        await TestContext.Progress.WriteLineAsync($"The services' output is in {file}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes) await process.DisposeAsync();
        processes.Clear();
        foreach (var service in supervised) await service.DisposeAsync();
        supervised.Clear();
    }

    private async Task WaitUntilReadyAsync(IReadOnlyList<PlatformProcess> started, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        foreach (var process in started)
            await WaitUntilReadyAsync(process.Name, () => process.HasExited, () => process.Output, deadline - DateTime.UtcNow);
    }

    /// <summary>Waits until the service answers 200 on <c>/health/ready</c>; fails if it exits first or takes longer than <paramref name="timeout"/>.</summary>
    public async Task WaitUntilReadyAsync(string name, Func<bool> hasExited, Func<string> output, TimeSpan timeout)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (hasExited()) Assert.Fail($"{name} exited during start-up:\n{output()}");
            try
            {
                using var response = await probe.GetAsync($"http://127.0.0.1:{PortOf(name)}/health/ready");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline) Assert.Fail($"{name} was not ready after {timeout.TotalSeconds}s.\n{AllOutput()}");
            await Task.Delay(250);
        }
    }

    /// <summary><c>services/X/bin/{Configuration}/net10.0/X.dll</c>, the configuration being the one this test assembly was built with.</summary>
    private static string AssemblyPath(string project)
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory); // tests/Sms.EndToEnd.Tests/bin/<Configuration>/net10.0/
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var path = RepositoryRoot.Combine("services", project, "bin", configuration, framework, project + ".dll");
        if (!File.Exists(path)) throw new FileNotFoundException($"{project} is not built ({path}). Build the solution first: dotnet build {RepositoryRoot.SolutionFile} -c {configuration}", path);
        return path;
    }
}
