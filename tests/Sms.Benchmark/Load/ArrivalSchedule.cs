using System.Diagnostics;

namespace Sms.Benchmark.Load;

/// <summary>
/// An open-loop arrival schedule: <see cref="Count"/> sends at a fixed rate, the i-th due <c>i / rate</c> seconds after
/// the start whatever happened to the earlier ones. Latency is measured from these due times, so a slow answer that
/// delays the generator still counts against the system (no coordinated omission). Pure.
/// </summary>
public sealed class ArrivalSchedule
{
    public ArrivalSchedule(int ratePerSecond, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ratePerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        RatePerSecond = ratePerSecond;
        Duration = duration;
        Count = (int)Math.Round(ratePerSecond * duration.TotalSeconds, MidpointRounding.AwayFromZero);
    }

    public int RatePerSecond { get; }

    public TimeSpan Duration { get; }

    /// <summary>How many sends the step makes: rate × duration.</summary>
    public int Count { get; }

    /// <summary>When send <paramref name="index"/> is due, after the start, in <see cref="Stopwatch"/> ticks.</summary>
    public long DueTicks(int index) => (long)Math.Round(index * (double)Stopwatch.Frequency / RatePerSecond);

    /// <summary>How many sends are due <paramref name="elapsedTicks"/> (Stopwatch ticks) after the start: the first at 0.</summary>
    public int DueBy(long elapsedTicks)
    {
        if (elapsedTicks < 0) return 0;
        var due = (long)Math.Floor(elapsedTicks * (double)RatePerSecond / Stopwatch.Frequency) + 1;
        return (int)Math.Min(due, Count);
    }
}
