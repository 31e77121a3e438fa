using Sms.Benchmark.Cli;

namespace Sms.Benchmark.Measure;

/// <summary>One process over one step: CPU time used, the largest resident set and the largest unique set seen.</summary>
public sealed record ProcessFigures(
    string Name, int Pid, double CpuSeconds, long PeakRssBytes, long LifetimePeakRssBytes, long PeakUniqueBytes, bool Exited);

/// <summary>A server (every process of that name on the machine, including ones other users' work runs on) over one step.</summary>
public sealed record ServerFigures(string Name, double CpuSeconds);

/// <summary>What the machine did over one step: busy CPU in cores, of <see cref="Cores"/>.</summary>
public sealed record MachineFigures(double Seconds, double BusyCores, int Cores);

public sealed record ResourceFigures(MachineFigures Machine, IReadOnlyList<ProcessFigures> Processes, IReadOnlyList<ServerFigures> Servers);

/// <summary>
/// Reads <c>/proc</c> for the watched processes every <c>interval</c> (peak resident and unique sets) and at the edges of each
/// step (CPU time), plus the servers' processes by name and the whole machine's CPU.
/// </summary>
public sealed class ProcessSampler : IAsyncDisposable
{
    /// <summary>Process names (<c>comm</c>) of the servers and the name the report gives them.</summary>
    private static readonly (string Comm, string Name)[] ServerCommands =
        [("beam.smp", "RabbitMQ"), ("redis-server", "Redis"), ("postgres", "PostgreSQL")];

    private readonly IReadOnlyList<WatchedProcess> _processes;
    private readonly long[] _peakRss;
    private readonly long[] _peakUnique;
    private readonly long[] _lastCpuTicks;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    public ProcessSampler(IReadOnlyList<WatchedProcess> processes, TimeSpan interval)
    {
        _processes = processes;
        _peakRss = new long[processes.Count];
        _peakUnique = new long[processes.Count];
        _lastCpuTicks = new long[processes.Count];
        Sample();
        _sampling = Task.Run(() => SampleEveryAsync(interval, _stop.Token));
    }

    public IReadOnlyList<WatchedProcess> Processes => _processes;

    /// <summary>Starts measuring a step; <see cref="Window.End"/> gives its figures.</summary>
    public Window BeginWindow()
    {
        lock (_gate)
        {
            Sample();
            // Peaks restart from the current sets.
            var readings = _processes.Select(p => Read(p.Pid)).ToList();
            for (var i = 0; i < readings.Count; i++)
            {
                _peakRss[i] = readings[i]?.RssBytes ?? 0;
                _peakUnique[i] = readings[i]?.UniqueBytes ?? 0;
            }
            return new Window(this, (long[])_lastCpuTicks.Clone(), ReadServers(), ProcStat.MachineTicks(File.ReadAllText("/proc/stat")), BenchClockSeconds());
        }
    }

    /// <summary>CPU the watched processes (but this one) use together while nothing is asked of them, in cores.</summary>
    public async Task<double> MeasureIdleAsync(TimeSpan over, CancellationToken cancellationToken)
    {
        var before = OthersCpuTicks();
        await Task.Delay(over, cancellationToken);
        return (OthersCpuTicks() - before) / (double)ProcStat.TicksPerSecond / over.TotalSeconds;
    }

    /// <summary>
    /// Waits until the watched processes (but this one) together use less than <paramref name="cores"/> of CPU over a
    /// second (the platform has worked off what an earlier step left queued), or <paramref name="limit"/> passed. True when quiet.
    /// </summary>
    public async Task<bool> WaitUntilQuietAsync(double cores, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        var before = OthersCpuTicks();
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var now = OthersCpuTicks();
            if ((now - before) / (double)ProcStat.TicksPerSecond < cores) return true;
            before = now;
        }
        return false;
    }

    public sealed class Window
    {
        private readonly ProcessSampler _sampler;
        private readonly long[] _cpuAtStart;
        private readonly Dictionary<int, (string Name, long Ticks)> _serversAtStart;
        private readonly (long Busy, long Total) _machineAtStart;
        private readonly double _startSeconds;

        internal Window(ProcessSampler sampler, long[] cpuAtStart, Dictionary<int, (string, long)> servers, (long, long) machine, double startSeconds)
        {
            _sampler = sampler;
            _cpuAtStart = cpuAtStart;
            _serversAtStart = servers;
            _machineAtStart = machine;
            _startSeconds = startSeconds;
        }

        public ResourceFigures End()
        {
            lock (_sampler._gate)
            {
                _sampler.Sample();
                var processes = _sampler._processes.Select((p, i) =>
                {
                    var reading = Read(p.Pid);
                    return new ProcessFigures(p.Name, p.Pid,
                        (_sampler._lastCpuTicks[i] - _cpuAtStart[i]) / (double)ProcStat.TicksPerSecond,
                        _sampler._peakRss[i], reading?.PeakRssBytes ?? 0, _sampler._peakUnique[i], reading is null);
                }).ToList();

                var servers = ReadServers();
                var serverFigures = ServerCommands.Select(s => new ServerFigures(s.Name,
                    servers.Where(e => e.Value.Name == s.Name)
                        .Sum(e => e.Value.Ticks - (_serversAtStart.TryGetValue(e.Key, out var start) ? start.Ticks : 0))
                    / (double)ProcStat.TicksPerSecond)).ToList();

                var machine = ProcStat.MachineTicks(File.ReadAllText("/proc/stat"));
                var seconds = BenchClockSeconds() - _startSeconds;
                var total = machine.Total - _machineAtStart.Total;
                var busyShare = total > 0 ? (machine.Busy - _machineAtStart.Busy) / (double)total : 0;
                return new ResourceFigures(
                    new MachineFigures(Math.Round(seconds, 3), Math.Round(busyShare * Environment.ProcessorCount, 3), Environment.ProcessorCount),
                    processes, serverFigures);
            }
        }
    }

    private static double BenchClockSeconds() => Environment.TickCount64 / 1000.0;

    private long OthersCpuTicks()
    {
        lock (_gate)
        {
            Sample(withUnique: false);
            return _processes.Select((p, i) => p.Pid == Environment.ProcessId ? 0 : _lastCpuTicks[i]).Sum();
        }
    }

    /// <summary>
    /// Unique memory is read on every <see cref="UniqueEvery"/>th periodic sample and at the edges of each step, not on
    /// every sample: reading <c>smaps_rollup</c> walks the process's whole address space under its memory-map lock
    /// (about 1 ms for a .NET service), which at every sample would cost the measured processes time of their own.
    /// </summary>
    private const int UniqueEvery = 8;

    private int _samples;

    /// <summary>Updates CPU times and peaks; a process that has exited keeps its last figures.</summary>
    private void Sample(bool withUnique = true)
    {
        lock (_gate)
        {
            for (var i = 0; i < _processes.Count; i++)
            {
                if (Read(_processes[i].Pid, withUnique) is not { } reading) continue;
                _lastCpuTicks[i] = reading.CpuTicks;
                _peakRss[i] = Math.Max(_peakRss[i], reading.RssBytes);
                _peakUnique[i] = Math.Max(_peakUnique[i], reading.UniqueBytes);
            }
        }
    }

    private async Task SampleEveryAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken)) Sample(withUnique: ++_samples % UniqueEvery == 0);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static ProcessReading? Read(int pid, bool withUnique = true)
    {
        try
        {
            return ProcStat.Reading(File.ReadAllText($"/proc/{pid}/stat"), File.ReadAllText($"/proc/{pid}/status"),
                withUnique ? SmapsRollup(pid) : null);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return null;
        }
    }

    /// <summary>The process's <c>smaps_rollup</c>; null where the kernel has none or refuses it (another user's process).</summary>
    private static string? SmapsRollup(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/smaps_rollup");
        }
        catch (Exception e) when (e is FileNotFoundException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>CPU ticks of every server process now running, by pid.</summary>
    private static Dictionary<int, (string Name, long Ticks)> ReadServers()
    {
        var servers = new Dictionary<int, (string, long)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var open = stat.IndexOf('(');
                var close = stat.LastIndexOf(')');
                if (open < 0 || close < open) continue;
                var command = stat[(open + 1)..close];
                foreach (var (comm, name) in ServerCommands)
                {
                    if (command == comm) servers[pid] = (name, ProcStat.CpuTicks(stat));
                }
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException or UnauthorizedAccessException)
            {
                // The process ended while the list was read.
            }
        }
        return servers;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
