using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Sms.Testing;

namespace Sms.EndToEnd.Tests;

/// <summary>
/// A RabbitMQ node of the test's own (Debian's <c>rabbitmq-server</c>, on free loopback ports, its data in a
/// temporary folder), so that a test can stop and restart the broker without disturbing any other test or a running
/// platform. Durable queues and their messages survive <see cref="RestartAsync"/>, as on a real server.
/// </summary>
public sealed class TestBroker : IAsyncDisposable
{
    private readonly string node;
    private readonly string folder;
    private readonly int distributionPort;
    private readonly List<Process> started = [];

    private TestBroker(string node, string folder, int port, int distributionPort)
    {
        this.node = node;
        this.folder = folder;
        Port = port;
        this.distributionPort = distributionPort;
    }

    public int Port { get; }

    public RabbitMqAddress Address => new("127.0.0.1", Port, "/", "guest", "guest");

    public static async Task<TestBroker> StartAsync()
    {
        if (!File.Exists("/usr/sbin/rabbitmq-server") && !File.Exists("/usr/lib/rabbitmq/bin/rabbitmq-server"))
            throw new InvalidOperationException("These tests start a RabbitMQ node of their own and need Debian's rabbitmq-server: run them through deploy/test.sh (it installs it), or apt-get install rabbitmq-server.");
        var id = $"{Environment.ProcessId}-{Random.Shared.Next(1000, 9999)}";
        var folder = Path.Combine(Path.GetTempPath(), "sms-test-broker-" + id);
        Directory.CreateDirectory(folder);
        // Debian's rabbitmq-server runs the node as the rabbitmq user, which must own its data folder.
        await RunAsync("chown", ["rabbitmq:rabbitmq", folder], allowFailure: true);
        var broker = new TestBroker($"smstest{id.Replace("-", "", StringComparison.Ordinal)}@localhost", folder, FreePort(), FreePort());
        await broker.StartAgainAsync();
        return broker;
    }

    /// <summary>Stops the node as an operator's restart does (every connection closed by the server), waits, starts it again.</summary>
    public async Task RestartAsync(TimeSpan down)
    {
        await StopAsync();
        await Task.Delay(down);
        await StartAgainAsync();
    }

    public Task StopAsync() => RunAsync("rabbitmqctl", ["-n", node, "-q", "stop"]);

    /// <summary>Starts the node (again, after <see cref="StopAsync"/>) and waits until it takes connections.</summary>
    public async Task StartAgainAsync()
    {
        var info = new ProcessStartInfo("rabbitmq-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        info.Environment["RABBITMQ_NODENAME"] = node;
        info.Environment["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        info.Environment["RABBITMQ_NODE_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["RABBITMQ_DIST_PORT"] = distributionPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(folder, "mnesia");
        info.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(folder, "log");
        info.Environment["RABBITMQ_PID_FILE"] = Path.Combine(folder, "pid");
        info.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(folder, "plugins");
        info.Environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(folder, "none");
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start rabbitmq-server");
        started.Add(process);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // await_startup fails at once until the node has registered its name: ask again until it answers.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (await RunAsync("rabbitmqctl", ["-n", node, "-q", "--timeout", "60", "await_startup"], allowFailure: true) != 0)
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"The test's RabbitMQ node {node} did not start; its logs are in {Path.Combine(folder, "log")}.");
            await Task.Delay(500);
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<int> RunAsync(string command, string[] arguments, bool allowFailure = false)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not run {command}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0 && !allowFailure)
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await errors}");
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); }
        catch (InvalidOperationException) { }
        // The node is stopped; its start script's shells wait on nothing now.
        foreach (var process in started)
        {
            try { process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { }
            process.Dispose();
        }
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
