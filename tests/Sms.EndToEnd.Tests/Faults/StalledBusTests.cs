using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Sms.EndToEnd.Tests;
using Sms.Testing;

namespace Sms.EndToEnd.Faults;

/// <summary>
/// A service whose broker connection is stuck (the connection alive, nothing on its channels answered, as the RabbitMQ
/// .NET client has been seen left after a broker restart) under load: its watchdog sees the bus make no progress while
/// the broker answers a fresh connection, the service exits, its supervisor starts it again, and every send goes out,
/// once. Without the watchdog, Compliance waits on the stuck channel for ever and nothing reaches the carrier.
/// Runs its own instance of the platform on ports 9100–9900.
/// </summary>
[TestFixture]
public sealed class StalledBusTests() : OwnPlatformTests(portBase: 9000, outputLog: "stalled-bus-output.log")
{
    [Test]
    public async Task Compliance_left_with_a_stuck_broker_connection_under_load_starts_again_and_every_send_reaches_the_carrier_once()
    {
        // Compliance alone goes through the proxy (RabbitMq__Port); the rest of the platform uses the broker itself.
        await using var proxy = new AmqpProxy(Servers.RabbitMq.Host, Servers.RabbitMq.Port);
        await Launcher.DeployTopologyAsync();
        await Launcher.StartAsync(PlatformLauncher.SimulatorName, "Sms.Ingress", "Sms.Outbound");
        var compliance = await Launcher.StartSupervisedAsync("Sms.Compliance", new Dictionary<string, string>
        {
            ["RabbitMq__Port"] = proxy.Port.ToString(CultureInfo.InvariantCulture),
            ["Messaging__Watchdog__ProbeIntervalSeconds"] = "1",
            ["Messaging__Watchdog__PublishStallSeconds"] = "5",
            ["Messaging__Watchdog__QueueStallSeconds"] = "10",
        });
        using var ingress = Launcher.Client("Sms.Ingress");
        using var simulator = Launcher.Client(PlatformLauncher.SimulatorName);
        var run = Random.Shared.Next(0, 100).ToString("D2", CultureInfo.InvariantCulture);
        var customers = Enumerable.Range(0, 120).Select(i => $"+4477008{run}{i:D4}").ToList();

        // Load: a send every 25 ms; the broker connection gets stuck after the first 40.
        var sinceStuck = new System.Diagnostics.Stopwatch();
        for (var i = 0; i < customers.Count; i++)
        {
            if (i == 40)
            {
                Assert.That(proxy.StickExistingConnections(), Is.GreaterThan(0), "Compliance's connection through the proxy");
                sinceStuck.Start();
            }
            using var response = await ingress.PostAsJsonAsync("/v1/messages",
                new { to = customers[i], text = $"Your code is {i}", category = "transactional" });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            await Task.Delay(25);
        }

        var atCarrier = await Eventually.MatchesAsync(
            async () => await simulator.GetFromJsonAsync<List<Observe.CarrierMessage>>("/simulator/messages") ?? [],
            all => customers.All(c => all.Any(m => m.To == c.TrimStart('+'))),
            "Every send reaching the carrier", TimeSpan.FromSeconds(90));
        await TestContext.Progress.WriteLineAsync($"Every send reached the carrier {sinceStuck.Elapsed.TotalSeconds:0.0} s after the connection got stuck");

        Assert.Multiple(() =>
        {
            foreach (var customer in customers)
                Assert.That(atCarrier.Count(m => m.To == customer.TrimStart('+')), Is.EqualTo(1), $"sends to {customer}");
            Assert.That(compliance.ExitCodes, Does.Contain(75), "Compliance exited as stalled for its supervisor to start it again");
            Assert.That(compliance.Output, Does.Contain("The bus makes no progress"));
        });
    }
}
