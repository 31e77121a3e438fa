using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Sms.EndToEnd.Tests;

/// <summary>
/// A TCP proxy in front of RabbitMQ that can leave the connections open through it <em>stuck</em>, the way a RabbitMQ
/// .NET client's channel is left after some broker restarts: the connection stays up (heartbeats on channel 0 still
/// pass both ways, so neither side closes it), but nothing on any channel gets an answer any more: publishes wait for
/// their confirms, declarations for their replies, and deliveries stop. Connections opened after
/// <see cref="StickExistingConnections"/> pass normally, as a fresh connection to a healthy broker does.
/// </summary>
public sealed class AmqpProxy : IAsyncDisposable
{
    private const int FrameHeaderLength = 7; // type (1), channel (2), payload size (4); then the payload and 0xCE
    private const int ProtocolHeaderLength = 8; // "AMQP" 0 0 9 1, sent by the client first

    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly string brokerHost;
    private readonly int brokerPort;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<ProxiedConnection> connections = [];
    private readonly Task accepting;

    public AmqpProxy(string brokerHost, int brokerPort)
    {
        this.brokerHost = brokerHost;
        this.brokerPort = brokerPort;
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Every connection open now stops passing anything but channel 0; later connections are not affected.</summary>
    public int StickExistingConnections()
    {
        lock (connections)
        {
            foreach (var connection in connections) connection.Stuck = true;
            return connections.Count(c => !c.Closed);
        }
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stopping.Token); }
            catch (OperationCanceledException) { return; }
            catch (SocketException) { return; }
            var connection = new ProxiedConnection();
            lock (connections) connections.Add(connection);
            _ = RunAsync(client, connection);
        }
    }

    private async Task RunAsync(TcpClient client, ProxiedConnection connection)
    {
        using var broker = new TcpClient();
        using (client)
        {
            try
            {
                await broker.ConnectAsync(brokerHost, brokerPort, stopping.Token);
                var fromClient = client.GetStream();
                var toBroker = broker.GetStream();
                await Task.WhenAny(
                    PumpAsync(fromClient, toBroker, connection, ProtocolHeaderLength),
                    PumpAsync(toBroker, fromClient, connection, 0));
            }
            catch (Exception)
            {
                // A connection ending in any way ends both sides.
            }
            finally
            {
                connection.Closed = true;
            }
        }
    }

    /// <summary>Copies whole frames; once the connection is stuck, drops every frame not on channel 0.</summary>
    private async Task PumpAsync(Stream from, Stream to, ProxiedConnection connection, int preambleLength)
    {
        if (preambleLength > 0)
        {
            var preamble = new byte[preambleLength];
            await from.ReadExactlyAsync(preamble, stopping.Token);
            await to.WriteAsync(preamble, stopping.Token);
        }
        var header = new byte[FrameHeaderLength];
        while (!stopping.IsCancellationRequested)
        {
            await from.ReadExactlyAsync(header, stopping.Token);
            var channel = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(1, 2));
            var size = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(3, 4));
            var rest = new byte[size + 1];
            await from.ReadExactlyAsync(rest, stopping.Token);
            if (connection.Stuck && channel != 0) continue;
            await to.WriteAsync(header, stopping.Token);
            await to.WriteAsync(rest, stopping.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await accepting;
        stopping.Dispose();
    }

    private sealed class ProxiedConnection
    {
        public volatile bool Stuck;
        public volatile bool Closed;
    }
}
