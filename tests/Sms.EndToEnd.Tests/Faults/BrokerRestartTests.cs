using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Sms.EndToEnd.Tests;
using Sms.Testing;

namespace Sms.EndToEnd.Faults;

/// <summary>
/// The broker restarted while Compliance starts, and again while sends pass through it under load, on a RabbitMQ node
/// of the test's own (<see cref="TestBroker"/>). Upstream retries a 503 with the same message id, as the API asks.
/// Sending resumes within seconds of the broker's return and no send is lost or sent twice; while the broker is down,
/// Compliance answers <c>/health/ready</c> 503 (it consumes nothing) and <c>/health/live</c> 200 (it will recover by
/// waiting), and no service's watchdog takes the wait for a stall. Every service runs under a supervisor, as in
/// production. Runs its own instance of the platform on ports 11100–11900.
/// </summary>
[TestFixture]
public sealed class BrokerRestartTests() : OwnPlatformTests(portBase: 11000, outputLog: "broker-restart-output.log")
{
    private TestBroker broker = null!;

    protected override async Task<Servers> ServersAsync(Servers shared)
    {
        broker = await TestBroker.StartAsync();
        return shared with { RabbitMq = broker.Address };
    }

    protected override async ValueTask StopServersAsync()
    {
        if (broker is not null) await broker.DisposeAsync();
    }

    [Test]
    public async Task A_broker_restarted_while_Compliance_starts_and_while_it_publishes_under_load_delays_sends_by_seconds_and_loses_none()
    {
        await Launcher.DeployTopologyAsync();
        await Launcher.StartAsync(PlatformLauncher.SimulatorName);
        var edge = await Launcher.StartSupervisedAsync("Sms.Ingress", new Dictionary<string, string>());
        var outbound = await Launcher.StartSupervisedAsync("Sms.Outbound", new Dictionary<string, string>());

        var starting = Launcher.StartSupervisedAsync("Sms.Compliance", new Dictionary<string, string>
        {
            ["Messaging__Watchdog__ProbeIntervalSeconds"] = "1",
        });
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await broker.RestartAsync(TimeSpan.FromSeconds(2));
        await starting;

        using var ingress = Launcher.Client("Sms.Ingress");
        using var simulator = Launcher.Client(PlatformLauncher.SimulatorName);
        using var health = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Launcher.PortOf("Sms.Compliance")}"), Timeout = TimeSpan.FromSeconds(2) };
        var run = Random.Shared.Next(0, 100).ToString("D2", CultureInfo.InvariantCulture);
        var customers = Enumerable.Range(0, 120).Select(i => $"+4477008{run}{i:D4}").ToList();

        Task? restart = null;
        var seenWhileDown = new HealthSeen();
        var sinceBack = new System.Diagnostics.Stopwatch();
        for (var i = 0; i < customers.Count; i++)
        {
            if (i == 40)
            {
                restart = Task.Run(async () =>
                {
                    await broker.StopAsync();
                    await WatchHealthAsync(health, seenWhileDown, TimeSpan.FromSeconds(5));
                    await broker.StartAgainAsync();
                    sinceBack.Start();
                });
            }
            await SendUntilAcceptedAsync(ingress, customers[i], i);
            await Task.Delay(25);
        }
        await restart!;

        var atCarrier = await Eventually.MatchesAsync(
            async () => await simulator.GetFromJsonAsync<List<Observe.CarrierMessage>>("/simulator/messages") ?? [],
            all => customers.All(c => all.Any(m => m.To == c.TrimStart('+'))),
            "Every send reaching the carrier", TimeSpan.FromSeconds(60));
        await TestContext.Progress.WriteLineAsync($"Every send reached the carrier {sinceBack.Elapsed.TotalSeconds:0.0} s after the broker was back");

        Assert.Multiple(() =>
        {
            foreach (var customer in customers)
                Assert.That(atCarrier.Count(m => m.To == customer.TrimStart('+')), Is.EqualTo(1), $"sends to {customer}");
            Assert.That(seenWhileDown.ReadyUnavailable, Is.True, "/health/ready answered 503 while the broker was down");
            Assert.That(seenWhileDown.ReadyOk, Is.False, "/health/ready never answered 200 while the broker was down");
            Assert.That(seenWhileDown.LiveOk, Is.True, "/health/live answered 200 while the broker was down");
            Assert.That(edge.ExitCodes.Concat(outbound.ExitCodes), Is.Empty, "a broker restart is waited out, not a reason to exit");
        });
    }

    /// <summary>Posts the send, and posts it again with the same message id while the ingress answers 503 (the broker is down).</summary>
    private static async Task SendUntilAcceptedAsync(HttpClient ingress, string customer, int i)
    {
        var messageId = Guid.NewGuid();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var response = await ingress.PostAsJsonAsync("/v1/messages",
                    new { messageId, to = customer, text = $"Your code is {i}", category = "transactional" });
                if (response.StatusCode == HttpStatusCode.Accepted) return;
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "the only refusal while the broker restarts");
            }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline) Assert.Fail($"The send to {customer} was not accepted within 60 s.");
            await Task.Delay(500);
        }
    }

    private sealed class HealthSeen
    {
        public bool ReadyUnavailable;
        public bool ReadyOk;
        public bool LiveOk;
    }

    /// <summary>Polls Compliance's health while the broker is down (after a second and a half for the watchdog to probe).</summary>
    private static async Task WatchHealthAsync(HttpClient health, HealthSeen seen, TimeSpan down)
    {
        var until = DateTime.UtcNow + down;
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        while (DateTime.UtcNow < until)
        {
            try
            {
                using var ready = await health.GetAsync("/health/ready");
                if (ready.StatusCode == HttpStatusCode.ServiceUnavailable) seen.ReadyUnavailable = true;
                if (ready.StatusCode == HttpStatusCode.OK) seen.ReadyOk = true;
                using var live = await health.GetAsync("/health/live");
                if (live.StatusCode == HttpStatusCode.OK) seen.LiveOk = true;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
    }
}
