using System.Net;
using System.Net.Sockets;

namespace Sms.Compliance.Tests.Support;

/// <summary>
/// A loopback TCP proxy in front of a real server that refuses every connection (accepts and closes it at once) until
/// it is opened: the server "stopped" for one test, without stopping the server other tests share.
/// </summary>
internal sealed class SwitchableTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private int _refused;

    private SwitchableTcpProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public static SwitchableTcpProxy Closed(string targetHost, int targetPort) => new(targetHost, targetPort);

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Whether connections go through to the server.</summary>
    public volatile bool IsOpen;

    /// <summary>Connections refused while closed.</summary>
    public int Refused => Volatile.Read(ref _refused);

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }

            if (!IsOpen)
            {
                Interlocked.Increment(ref _refused);
                client.Client.LingerState = new LingerOption(true, 0); // a reset, like a server that is down
                client.Dispose();
                continue;
            }
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(_targetHost, _targetPort, _stopping.Token);
                var clientStream = client.GetStream();
                var serverStream = server.GetStream();
                await Task.WhenAny(
                    clientStream.CopyToAsync(serverStream, _stopping.Token),
                    serverStream.CopyToAsync(clientStream, _stopping.Token));
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
            }
            catch (IOException)
            {
            }
            catch (SocketException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stopping.Dispose();
    }
}
