using System.Globalization;
using Sms.Benchmark.Measure;

namespace Sms.Benchmark.Report;

/// <summary>
/// The live line on the terminal: redrawn in place twice a second on a terminal, a plain line every five seconds when
/// the output goes to a file.
/// </summary>
public sealed class ProgressLine(TextWriter output, bool interactive)
{
    private readonly Lock _gate = new();
    private int _width;

    public IDisposable Show(Func<string> describe)
    {
        var stop = new CancellationTokenSource();
        var every = interactive ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(5);
        var ticking = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(every);
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token)) Write(describe());
            }
            catch (OperationCanceledException)
            {
            }
        });
        return new Ticker(() =>
        {
            stop.Cancel();
            ticking.Wait();
            stop.Dispose();
            Write(describe());
            lock (_gate)
            {
                if (interactive) output.WriteLine();
                _width = 0;
            }
        });
    }

    /// <summary>A line for a step that is running: <c>[conversation 500/s] 12.0s sent 6000 completed 5990 in flight 10 p99 8.1 ms</c>.</summary>
    public static string Describe(StepRecorder step)
    {
        var elapsed = step.StartTicks == 0 ? 0 : Load.BenchClock.TicksToMicroseconds(Load.BenchClock.Now - step.StartTicks) / 1e6;
        var p99 = step.EndToEnd.IntervalP99();
        return string.Create(CultureInfo.InvariantCulture,
            $"[{step.Name}] {elapsed,6:F1}s  sent {step.Sent,7}/{step.Planned}  completed {step.Delivered,7}  in flight {step.Sent - step.Delivered - step.Refused,6}  refused {step.Refused}  p99 {(p99 is { } v ? $"{v:F1} ms" : "-")}");
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            if (!interactive)
            {
                output.WriteLine(line);
                return;
            }
            output.Write('\r' + line.PadRight(_width));
            _width = line.Length;
            output.Flush();
        }
    }

    private sealed class Ticker(Action stop) : IDisposable
    {
        public void Dispose() => stop();
    }
}
