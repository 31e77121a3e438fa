using Microsoft.Extensions.DependencyInjection;
using Sms.CarrierSimulator.State;

namespace Sms.CarrierSimulator.Tests.Support;

/// <summary>
/// Set-up shared by the simulator's HTTP tests: one <see cref="WebhookReceiver"/> standing in for the platform's
/// Ingress and, when a test uses <see cref="Client"/>, one simulator hosted with test settings that point at it; both
/// live for the whole fixture. Before each test the receiver forgets what it captured and the simulator its accepted
/// messages and injected faults, so no test sees another's. A test that needs other settings hosts its own simulator
/// with <see cref="SimulatorFactory.For"/> and <see cref="Receiver"/>.
/// </summary>
public abstract class SimulatorTests
{
    private SimulatorFactory? _simulator;
    private HttpClient? _client;

    protected WebhookReceiver Receiver { get; private set; } = null!;

    /// <summary>Settings of the fixture's simulator beyond <see cref="SimulatorFactory.Settings"/>; read when it is first used.</summary>
    protected virtual (string Key, string? Value)[] SimulatorSettings => [];

    /// <summary>The fixture's simulator, hosted on first use.</summary>
    protected SimulatorFactory Simulator => _simulator ??= SimulatorFactory.For(Receiver, overrides: SimulatorSettings);

    protected HttpClient Client => _client ??= Simulator.CreateClient();

    /// <summary>A valid Vonage send (<c>POST /sms/json</c>) with the test credentials; <paramref name="extra"/> adds or replaces fields.</summary>
    protected static Dictionary<string, string> SendForm(string to, string text, params (string Key, string Value)[] extra)
    {
        var form = new Dictionary<string, string>
        {
            ["api_key"] = SimulatorFactory.ApiKey,
            ["api_secret"] = SimulatorFactory.ApiSecret,
            ["from"] = "15550100000",
            ["to"] = to,
            ["text"] = text,
        };
        foreach (var (key, value) in extra) form[key] = value;
        return form;
    }

    [OneTimeSetUp]
    public async Task StartReceiverAsync() => Receiver = await WebhookReceiver.StartAsync();

    [SetUp]
    public void Reset()
    {
        Receiver.Reset();
        if (_simulator is null) return;
        _simulator.Services.GetRequiredService<SentMessageStore>().Clear();
        _simulator.Services.GetRequiredService<FaultBook>().Clear();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client?.Dispose();
        if (_simulator is not null) await _simulator.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
