using Sms.Benchmark.Measure;
using Sms.Benchmark.Report;

namespace Sms.Benchmark.Load;

/// <summary>One send of a step, made ready before its due time: the <c>client-ref</c> its message will reach the carrier with, and the send.</summary>
/// <param name="ClientRef">What the carrier feed will show for the message this send causes.</param>
/// <param name="SendAsync">Sends; returns the HTTP status of the answer (2xx: accepted), 0 when none came.</param>
public sealed record PreparedSend(string ClientRef, Func<CancellationToken, Task<int>> SendAsync);

/// <summary>
/// Runs one step open-loop: each send leaves at its due time on <see cref="ArrivalSchedule"/> without waiting for
/// earlier ones; then waits up to the drain time for the last messages to reach the carrier.
/// </summary>
public sealed class StepRunner(DeliveryTracker tracker, ProcessSampler sampler, ProgressLine progress, double idleCores)
{
    /// <summary>Above the platform's idle CPU, what still counts as quiet before a step starts.</summary>
    private const double QuietMargin = 0.1;

    public async Task<StepOutcome> RunAsync(
        StepRecorder step, ArrivalSchedule schedule, Func<int, PreparedSend> prepare, TimeSpan drain, CancellationToken cancellationToken)
    {
        var settleStarted = BenchClock.Now;
        bool quiet;
        using (progress.Show(() => $"[{step.Name}] waiting for the platform to finish earlier work"))
            quiet = await sampler.WaitUntilQuietAsync(idleCores + QuietMargin, TimeSpan.FromSeconds(60), cancellationToken);
        var settleSeconds = BenchClock.TicksToMicroseconds(BenchClock.Now - settleStarted) / 1e6;

        var window = sampler.BeginWindow();
        using var _ = progress.Show(() => ProgressLine.Describe(step));
        var start = BenchClock.Now;
        step.Started(start);
        var sends = new List<Task>(schedule.Count);
        var next = 0;
        while (next < schedule.Count)
        {
            var due = schedule.DueBy(BenchClock.Now - start);
            for (; next < due; next++) sends.Add(SendOneAsync(step, start + schedule.DueTicks(next), prepare(next), cancellationToken));
            if (next < schedule.Count)
            {
                var wait = BenchClock.TicksToMicroseconds(start + schedule.DueTicks(next) - BenchClock.Now);
                if (wait > 1000) await Task.Delay(TimeSpan.FromMicroseconds(wait - 500), cancellationToken);
                else await Task.Yield();
            }
        }
        await Task.WhenAll(sends);

        var deadline = BenchClock.Now + (long)(drain.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        while (step.Outstanding > 0 && BenchClock.Now < deadline) await Task.Delay(50, cancellationToken);
        var resources = window.End();
        return StepOutcome.Snapshot(step, resources, settleSeconds, quiet);
    }

    private async Task SendOneAsync(StepRecorder step, long dueTicks, PreparedSend send, CancellationToken cancellationToken)
    {
        tracker.Expect(send.ClientRef, dueTicks, step);
        step.RecordSent(dueTicks, BenchClock.Now);
        var status = await send.SendAsync(cancellationToken);
        if (status is >= 200 and < 300)
        {
            step.RecordAccepted(dueTicks, BenchClock.Now);
        }
        else
        {
            tracker.Forget(send.ClientRef);
            step.RecordRefused(status);
        }
    }
}
