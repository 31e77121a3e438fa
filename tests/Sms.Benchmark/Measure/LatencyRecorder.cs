using HdrHistogram;

namespace Sms.Benchmark.Measure;

/// <summary>Percentiles of one latency, in milliseconds; null where nothing was recorded.</summary>
public sealed record LatencySummary(long Count, double? P50, double? P99, double? P999, double? Max)
{
    public static LatencySummary From(HistogramBase histogram)
    {
        if (histogram.TotalCount == 0) return new LatencySummary(0, null, null, null, null);
        return new LatencySummary(
            histogram.TotalCount,
            Milliseconds(histogram.GetValueAtPercentile(50)),
            Milliseconds(histogram.GetValueAtPercentile(99)),
            Milliseconds(histogram.GetValueAtPercentile(99.9)),
            Milliseconds(histogram.GetMaxValue()));
    }

    private static double Milliseconds(long microseconds) => Math.Round(microseconds / 1000.0, 3);
}

/// <summary>
/// One latency in an HdrHistogram (microseconds, 1 µs to 1 h, three significant digits): the whole step, and the
/// interval since the progress line last asked. Thread-safe.
/// </summary>
public sealed class LatencyRecorder
{
    private const long Highest = 3_600_000_000;
    private readonly LongConcurrentHistogram _total = new(1, Highest, 3);
    private readonly Recorder _interval = HistogramFactory.With64BitBucketSize()
        .WithValuesFrom(1).WithValuesUpTo(Highest).WithPrecisionOf(3)
        .WithThreadSafeWrites().WithThreadSafeReads().Create();

    public void Record(long microseconds)
    {
        var value = Math.Clamp(microseconds, 1, Highest);
        _total.RecordValue(value);
        _interval.RecordValue(value);
    }

    public LatencySummary Summary() => LatencySummary.From(_total.Copy());

    /// <summary>The 99th percentile since the last call, in milliseconds; null when nothing was recorded meanwhile.</summary>
    public double? IntervalP99() => LatencySummary.From(_interval.GetIntervalHistogram()).P99;
}
