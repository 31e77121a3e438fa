using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Sms.Outbound.Tests.Contract;

/// <summary>
/// Stoplight Prism (<c>@stoplight/prism-cli</c>, pinned in this folder's package.json) running as a validating mock of
/// one OpenAPI file on a free loopback port. Prism checks every request against the spec: a request that breaks it
/// gets 422 with the violations (or 401 when the spec's security is not met); a request that passes gets the spec's
/// example answer, with any violations of lower severity in the <c>sl-violations</c> header.
/// </summary>
/// <remarks>
/// Started without <c>--errors</c>: that flag also turns violations of the spec's own example answers into HTTP 500,
/// and Vonage's SMS specs have one on every success (the answer matches both <c>SMS</c> and <c>Error</c> in a
/// <c>oneOf</c>), so no request could succeed. Request validation is on either way.
/// </remarks>
public sealed class PrismMock : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output;

    private PrismMock(Process process, ConcurrentQueue<string> output, Uri baseAddress)
    {
        this.process = process;
        this.output = output;
        BaseAddress = baseAddress;
    }

    /// <summary><c>http://127.0.0.1:{port}</c>, without a trailing slash.</summary>
    public Uri BaseAddress { get; }

    /// <summary>What Prism printed (its log of every request and its validation), for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, output);

    /// <summary>This project's <c>Contract</c> folder in the checkout: the specs, package.json and Prism's install.</summary>
    public static string ContractDirectory { get; } = typeof(PrismMock).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ContractDirectory").Value!;

    /// <summary>Prism's entry point once <c>npm ci</c> ran in <see cref="ContractDirectory"/>.</summary>
    public static string PrismScript => Path.Combine(ContractDirectory, "node_modules", "@stoplight", "prism-cli", "dist", "index.js");

    private static string HowToInstall =>
        $"Install it with `npm ci --prefix {ContractDirectory}` (Node.js and npm needed: `apt-get install nodejs npm`); " +
        "deploy/test.sh does this before the tests.";

    /// <summary>Starts Prism on <paramref name="specFile"/> (a file in <see cref="ContractDirectory"/>) and waits until it answers.</summary>
    public static async Task<PrismMock> StartAsync(string specFile, TimeSpan? startTimeout = null)
    {
        if (!File.Exists(PrismScript))
            throw new InvalidOperationException($"Stoplight Prism is not installed: {PrismScript} is missing. {HowToInstall}");
        var spec = Path.Combine(ContractDirectory, specFile);
        if (!File.Exists(spec)) throw new FileNotFoundException($"No spec {spec}.", spec);

        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { PrismScript, "mock", spec, "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            WorkingDirectory = ContractDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["NO_COLOR"] = "1";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("Prism did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Node.js could not be started to run Stoplight Prism ({e.Message}). {HowToInstall}", e);
        }

        var output = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) output.Enqueue(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) output.Enqueue(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var prism = new PrismMock(process, output, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await prism.WaitUntilAnsweringAsync(startTimeout ?? TimeSpan.FromSeconds(60));
            return prism;
        }
        catch
        {
            await prism.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilAnsweringAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"Prism exited with code {process.ExitCode} before it answered:{Environment.NewLine}{Output}");
            try
            {
                // Any answer will do (a path the spec lacks gets 404): the server is up.
                using var response = await http.GetAsync(BaseAddress);
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"Prism did not answer on {BaseAddress} within {timeout.TotalSeconds:0} s:{Environment.NewLine}{Output}");
                await Task.Delay(200);
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops Prism and anything it started.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(wait.Token);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            process.Dispose();
        }
    }
}
