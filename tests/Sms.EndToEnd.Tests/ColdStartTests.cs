using System.Net;
using System.Net.Http.Json;
using RabbitMQ.Client;
using Sms.EndToEnd.Tests;
using Sms.Testing;

namespace Sms.EndToEnd.ColdStart;

/// <summary>
/// A cold start in the worst order: the broker has never seen Outbound, and Ingress and Compliance take traffic
/// before Outbound runs. Because the topology of every service is deployed first (as the start command does), the
/// approved send waits in Outbound's queue instead of being dropped by an exchange with nothing bound, and goes out
/// when Outbound starts. Runs its own instance of the platform (not the shared one of the other end-to-end tests).
/// </summary>
[TestFixture]
public sealed class ColdStartTests() : OwnPlatformTests(portBase: 7000, outputLog: "cold-start-output.log")
{
    private const string OutboundQueue = "outbound-sms-approved";

    [Test]
    public async Task A_send_approved_before_Outbound_ever_ran_waits_in_its_queue_and_reaches_the_carrier_when_Outbound_starts()
    {
        await using (var broker = await BrokerSession.OpenAsync(Servers.RabbitMq))
        {
            // The broker as if Outbound had never started: its queue and its exchange do not exist.
            await broker.Channel.QueueDeleteAsync(OutboundQueue, ifUnused: false, ifEmpty: false);
            await broker.Channel.ExchangeDeleteAsync(OutboundQueue, ifUnused: false);
        }

        await Launcher.DeployTopologyAsync();
        await Launcher.StartAsync(PlatformLauncher.SimulatorName, "Sms.Ingress", "Sms.Compliance");

        var customer = "+4477008" + Random.Shared.Next(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        using var ingress = Launcher.Client("Sms.Ingress");
        using var simulator = Launcher.Client(PlatformLauncher.SimulatorName);
        using (var response = await ingress.PostAsJsonAsync("/v1/messages", new { to = customer, text = "Sent before Outbound started", category = "transactional" }))
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        var waiting = await Eventually.MatchesAsync(() => MessagesInQueueAsync(OutboundQueue), n => n == 1, "The approved send waiting in Outbound's queue");
        Assert.That(waiting, Is.EqualTo(1));

        await Launcher.StartAsync("Sms.Outbound");

        var atCarrier = await Eventually.MatchesAsync(
            async () => await simulator.GetFromJsonAsync<List<Observe.CarrierMessage>>($"/simulator/messages?to={Uri.EscapeDataString(customer)}") ?? [],
            m => m.Count == 1, "The send reaching the carrier once Outbound started");
        Assert.That(atCarrier[0].Text, Is.EqualTo("Sent before Outbound started"));
    }

    private async Task<uint> MessagesInQueueAsync(string queue)
    {
        await using var broker = await BrokerSession.OpenAsync(Servers.RabbitMq);
        return (await broker.Channel.QueueDeclarePassiveAsync(queue)).MessageCount;
    }

    /// <summary>A plain AMQP connection for looking at and arranging the broker, as an operator would.</summary>
    private sealed class BrokerSession(IConnection connection, IChannel channel) : IAsyncDisposable
    {
        public IChannel Channel => channel;

        public static async Task<BrokerSession> OpenAsync(RabbitMqAddress rabbit)
        {
            var factory = new ConnectionFactory
            {
                HostName = rabbit.Host, Port = rabbit.Port, VirtualHost = rabbit.VirtualHost,
                UserName = rabbit.Username, Password = rabbit.Password,
            };
            var connection = await factory.CreateConnectionAsync();
            return new BrokerSession(connection, await connection.CreateChannelAsync());
        }

        public async ValueTask DisposeAsync()
        {
            await channel.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
