using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sms.Testing;

/// <summary>
/// A loopback TCP proxy in front of a real server that refuses every connection (accepts and resets it at once) until
/// it is opened: the server "stopped" for one test, without stopping the server other tests share. It can also stop
/// the server at an exact moment: <see cref="CloseWhenSent"/> drops every connection, and refuses new ones, when a
/// client sends given bytes (e.g. a Redis key only one command names), before those bytes reach the server.
/// </summary>
public sealed class SwitchableTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<TcpClient, TcpClient> _connections = new();
    private readonly Task _accepting;
    private int _refused;
    private volatile byte[]? _tripwire;
    private readonly TaskCompletionSource _tripped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SwitchableTcpProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public static SwitchableTcpProxy Closed(string targetHost, int targetPort) => new(targetHost, targetPort);

    public static SwitchableTcpProxy Open(string targetHost, int targetPort) => new(targetHost, targetPort) { IsOpen = true };

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Whether connections go through to the server.</summary>
    public volatile bool IsOpen;

    /// <summary>Connections refused while closed.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Completes when the <see cref="CloseWhenSent"/> tripwire fired.</summary>
    public Task Tripped => _tripped.Task;

    /// <summary>
    /// Closes the proxy, dropping every connection, the moment a client sends <paramref name="marker"/> (UTF-8), which is
    /// not forwarded. Once.
    /// </summary>
    public void CloseWhenSent(string marker) => _tripwire = Encoding.UTF8.GetBytes(marker);

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
                Reset(client);
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
            _connections[client] = server;
            try
            {
                await server.ConnectAsync(_targetHost, _targetPort, _stopping.Token);
                var clientStream = client.GetStream();
                var serverStream = server.GetStream();
                await Task.WhenAny(
                    CopyWatchingAsync(clientStream, serverStream),
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
            catch (ObjectDisposedException)
            {
            }
            finally
            {
                _connections.TryRemove(client, out _);
            }
        }
    }

    /// <summary>Client to server, closing everything instead of forwarding a chunk that holds the tripwire.</summary>
    private async Task CopyWatchingAsync(Stream from, Stream to)
    {
        var buffer = new byte[16 * 1024];
        var tail = Array.Empty<byte>();
        int read;
        while ((read = await from.ReadAsync(buffer, _stopping.Token)) > 0)
        {
            if (_tripwire is { } marker)
            {
                // The marker may straddle two reads: look in what is left of the last one and this one together.
                var window = tail.Concat(buffer.Take(read)).ToArray();
                if (window.AsSpan().IndexOf(marker) >= 0)
                {
                    _tripwire = null;
                    CloseAll();
                    _tripped.TrySetResult();
                    return;
                }
                tail = window[Math.Max(0, window.Length - marker.Length + 1)..];
            }
            await to.WriteAsync(buffer.AsMemory(0, read), _stopping.Token);
        }
    }

    /// <summary>Closes the proxy: every connection is reset and new ones are refused until it is opened again.</summary>
    public void CloseAll()
    {
        IsOpen = false;
        foreach (var (client, server) in _connections)
        {
            Reset(client);
            server.Dispose();
        }
    }

    private static void Reset(TcpClient client)
    {
        try
        {
            client.Client.LingerState = new LingerOption(true, 0); // a reset, like a server that is down
        }
        catch (ObjectDisposedException)
        {
        }
        client.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        CloseAll();
        _stopping.Dispose();
    }
}
