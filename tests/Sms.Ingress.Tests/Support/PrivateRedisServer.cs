using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Sms.Ingress.Tests.Support;

/// <summary>
/// A redis-server of the test's own, on a free loopback port with its data in a temporary directory, so a test can
/// restart it (the shared test Redis must not be restarted). The binary is <c>redis-server</c> on the PATH, or
/// <c>SMS_TEST_REDIS_SERVER</c>.
/// </summary>
public sealed class PrivateRedisServer : IAsyncDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("sms-ingress-redis-").FullName;
    private readonly bool appendOnly;
    private readonly int port;
    private Process? process;

    private PrivateRedisServer(bool appendOnly)
    {
        this.appendOnly = appendOnly;
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    /// <summary>For <c>ConnectionStrings:Redis</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{port},abortConnect=false,connectTimeout=2000";

    /// <param name="appendOnly">Whether the server runs with <c>appendonly yes</c>; never with snapshots.</param>
    public static async Task<PrivateRedisServer> StartAsync(bool appendOnly)
    {
        var server = new PrivateRedisServer(appendOnly);
        await server.RunAsync();
        return server;
    }

    /// <summary>Kills the server without letting it save anything (SIGKILL, as a crash would) and starts it again on the same data.</summary>
    public async Task RestartAsync()
    {
        process!.Kill();
        await process.WaitForExitAsync();
        process.Dispose();
        await RunAsync();
    }

    private async Task RunAsync()
    {
        var binary = Environment.GetEnvironmentVariable("SMS_TEST_REDIS_SERVER") is { Length: > 0 } configured ? configured : "redis-server";
        var start = new ProcessStartInfo(binary)
        {
            ArgumentList =
            {
                "--bind", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--dir", directory, "--appendonly", appendOnly ? "yes" : "no", "--save", "", "--daemonize", "no",
                "--logfile", Path.Combine(directory, "redis.log"),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"This test restarts a Redis of its own and could not start '{binary}': install redis-server " +
                "(apt-get install redis-server) or set SMS_TEST_REDIS_SERVER to its path.", e);
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},connectTimeout=500");
                // Loading the append-only file answers LOADING; wait until the data is back.
                await connection.GetDatabase().PingAsync();
                return;
            }
            catch (Exception e) when (e is RedisException && DateTime.UtcNow < deadline && !process!.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        process?.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
