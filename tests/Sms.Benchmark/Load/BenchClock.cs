using System.Diagnostics;

namespace Sms.Benchmark.Load;

/// <summary>
/// Turns <see cref="Stopwatch"/> timestamps (monotonic, used to schedule and time sends) into wall-clock microseconds
/// since the Unix epoch, the unit the carrier simulator stamps its receive times in. Both processes read the same
/// machine clock, so the difference is the end-to-end time.
/// </summary>
public sealed class BenchClock
{
    private readonly long _anchorTicks;
    private readonly long _anchorUnixMicroseconds;

    public BenchClock(TimeProvider? wallClock = null)
    {
        _anchorTicks = Stopwatch.GetTimestamp();
        var now = (wallClock ?? TimeProvider.System).GetUtcNow();
        _anchorUnixMicroseconds = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
    }

    public static long Now => Stopwatch.GetTimestamp();

    public long ToUnixMicroseconds(long stopwatchTicks) =>
        _anchorUnixMicroseconds + TicksToMicroseconds(stopwatchTicks - _anchorTicks);

    public static long TicksToMicroseconds(long stopwatchTicks) => (long)(stopwatchTicks * 1_000_000.0 / Stopwatch.Frequency);
}
