using Sms.Benchmark.Load;
using Sms.Benchmark.Measure;

namespace Sms.Benchmark.Report;

/// <summary>What one process cost in one step.</summary>
/// <param name="CpuSecondsPer1000">CPU seconds per 1,000 messages delivered; null when none were.</param>
public sealed record ProcessCost(
    string Name, double CpuSeconds, double? CpuSecondsPer1000, double PeakRssMegabytes, double LifetimePeakRssMegabytes,
    double PeakUniqueMegabytes, bool Exited)
{
    /// <summary>A process's figures over a window in which <paramref name="delivered"/> messages reached the carrier.</summary>
    public static ProcessCost From(ProcessFigures p, long delivered) => new(
        p.Name,
        Math.Round(p.CpuSeconds, 2),
        delivered > 0 ? Math.Round(p.CpuSeconds * 1000 / delivered, 3) : null,
        Megabytes(p.PeakRssBytes),
        Megabytes(p.LifetimePeakRssBytes),
        Megabytes(p.PeakUniqueBytes),
        p.Exited);

    public static double Megabytes(long bytes) => Math.Round(bytes / (1024.0 * 1024.0), 1);
}

/// <summary>
/// Every figure of one step, taken when its drain ended. <see cref="Duplicated"/> and <see cref="LateDeliveries"/>
/// are filled in at the end of the run, so a duplicate arriving later still counts.
/// </summary>
public sealed record StepOutcome
{
    public required string Name { get; init; }

    /// <summary><c>conversation</c> (the platform), <c>floor</c> or <c>outbound</c>.</summary>
    public required string Kind { get; init; }

    public required int Rate { get; init; }

    public required double DurationSeconds { get; init; }

    public required long Planned { get; init; }

    public required long Sent { get; init; }

    /// <summary>Answered 2xx (webhooks) or confirmed by the broker (outbound publishes).</summary>
    public required long Accepted { get; init; }

    /// <summary>Other answers by HTTP status; <c>0</c> is no answer at all.</summary>
    public required IReadOnlyDictionary<string, long> Refused { get; init; }

    /// <summary>Accepted sends whose message reached the carrier by the end of the drain.</summary>
    public required long Delivered { get; init; }

    /// <summary>Accepted sends whose message had not reached the carrier by the end of the drain.</summary>
    public required long Lost { get; init; }

    /// <summary>Messages that reached the carrier more than once.</summary>
    public long Duplicated { get; init; }

    /// <summary>Counted lost, but reached the carrier later in the run.</summary>
    public long LateDeliveries { get; init; }

    /// <summary>Delivered messages per second, from the step's start to its last delivery.</summary>
    public required double AchievedPerSecond { get; init; }

    /// <summary>From due time to the webhook's answer (outbound: the broker's publish confirmation).</summary>
    public required LatencySummary Accept { get; init; }

    /// <summary>From due time to the carrier receiving the message.</summary>
    public required LatencySummary EndToEnd { get; init; }

    /// <summary>From due time to the generator's send: large values mean the generator itself fell behind.</summary>
    public required LatencySummary SendLag { get; init; }

    public required MachineFigures Machine { get; init; }

    public required IReadOnlyList<ProcessCost> Processes { get; init; }

    public required IReadOnlyList<ServerFigures> Servers { get; init; }

    /// <summary>How long the step waited for the platform to finish earlier work first, and whether it did.</summary>
    public required double SettleSeconds { get; init; }

    public required bool StartedQuiet { get; init; }

    public static StepOutcome Snapshot(StepRecorder step, ResourceFigures resources, double settleSeconds, bool startedQuiet)
    {
        var delivered = step.Delivered;
        var seconds = step.LastDeliveryTicks > step.StartTicks
            ? BenchClock.TicksToMicroseconds(step.LastDeliveryTicks - step.StartTicks) / 1e6
            : 0;
        return new StepOutcome
        {
            Name = step.Name,
            Kind = step.Kind,
            Rate = step.Rate,
            DurationSeconds = step.Duration.TotalSeconds,
            Planned = step.Planned,
            Sent = step.Sent,
            Accepted = step.Accepted,
            Refused = step.Refusals.OrderBy(r => r.Key).ToDictionary(r => r.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), r => r.Value),
            Delivered = delivered,
            Lost = step.Accepted - delivered,
            AchievedPerSecond = seconds > 0 ? Math.Round(delivered / seconds, 1) : 0,
            Accept = step.Accept.Summary(),
            EndToEnd = step.EndToEnd.Summary(),
            SendLag = step.SendLag.Summary(),
            Machine = resources.Machine,
            Processes = resources.Processes.Select(p => ProcessCost.From(p, delivered)).ToList(),
            Servers = resources.Servers.Select(s => s with { CpuSeconds = Math.Round(s.CpuSeconds, 2) }).ToList(),
            SettleSeconds = Math.Round(settleSeconds, 1),
            StartedQuiet = startedQuiet,
        };
    }

    /// <summary>The outcome with what arrived after its drain: duplicates, and lost messages that turned up late.</summary>
    public StepOutcome WithLateArrivals(StepRecorder step) => this with
    {
        Duplicated = step.Duplicated,
        LateDeliveries = step.Delivered - Delivered,
    };
}
