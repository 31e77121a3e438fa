namespace Sms.EndToEnd.Tests;

/// <summary>
/// A service run the way deploy/start.sh, compose (<c>restart: unless-stopped</c>) and Kubernetes run it: whenever the
/// process exits, it is started again after a second, until this is disposed. Keeps every exit code and all output.
/// </summary>
internal sealed class SupervisedProcess : IAsyncDisposable
{
    private readonly Func<PlatformProcess> start;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<int> exitCodes = [];
    private readonly System.Text.StringBuilder earlierOutput = new();
    private readonly Task supervising;
    private volatile PlatformProcess current;

    public SupervisedProcess(string name, Func<PlatformProcess> start)
    {
        Name = name;
        this.start = start;
        current = start();
        supervising = SuperviseAsync();
    }

    public string Name { get; }

    public bool HasExited => current.HasExited;

    /// <summary>The exit codes of the runs that ended, oldest first.</summary>
    public IReadOnlyList<int> ExitCodes
    {
        get { lock (exitCodes) return exitCodes.ToList(); }
    }

    public string Output
    {
        get { lock (exitCodes) return earlierOutput + current.Output; }
    }

    /// <summary>
    /// <c>kill -9</c> of the running process (<see cref="PlatformProcess.Kill"/>); its supervisor starts it again a
    /// second after it is gone, as after any other exit.
    /// </summary>
    public void Kill() => current.Kill();

    private async Task SuperviseAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            int code;
            try { code = await current.WaitForExitAsync(Timeout.InfiniteTimeSpan, stopping.Token); }
            catch (OperationCanceledException) { return; }
            lock (exitCodes)
            {
                exitCodes.Add(code);
                earlierOutput.Append(current.Output).AppendLine($"===== exited with {code}; the supervisor starts it again =====");
            }
            await current.DisposeAsync();
            try { await Task.Delay(TimeSpan.FromSeconds(1), stopping.Token); }
            catch (OperationCanceledException) { return; }
            current = start();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await supervising;
        await current.DisposeAsync();
        stopping.Dispose();
    }
}
