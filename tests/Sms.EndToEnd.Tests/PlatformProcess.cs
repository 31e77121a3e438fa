using System.Diagnostics;
using System.Text;

namespace Sms.EndToEnd.Tests;

/// <summary>One service of the platform running as its own process from its build output, its output kept for diagnosis.</summary>
internal sealed class PlatformProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private PlatformProcess(string name, Process process)
    {
        Name = name;
        this.process = process;
    }

    public string Name { get; }

    public bool HasExited => process.HasExited;

    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    public static PlatformProcess Start(string name, string assemblyPath, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assemblyPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(assemblyPath);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) info.Environment[key] = value;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var started = new PlatformProcess(name, process);
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        if (!process.Start()) throw new InvalidOperationException($"Could not start {name}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        await process.WaitForExitAsync(cts.Token);
        return process.ExitCode;
    }

    /// <summary>
    /// Ends the process at once with SIGKILL, as <c>kill -9</c> or the kernel's OOM killer would: no shutdown hook, no
    /// graceful stop of the bus, nothing flushed. What it was doing is left half done, for the platform to recover.
    /// </summary>
    public void Kill() => process.Kill(entireProcessTree: false);

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // SIGTERM first so the host stops its bus cleanly; kill if it does not go.
            Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try { await process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { process.Kill(entireProcessTree: true); }
        }
        process.Dispose();
    }
}
