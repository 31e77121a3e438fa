using Sms.Benchmark.Platform;

namespace Sms.Benchmark.Measure;

/// <summary>
/// The campaign step's messages as they reach the carrier, by recipient (<see cref="Customers.Campaign"/>): how often
/// each arrived and when first. Keyed by number, not by message id: the campaign derives its ids in PostgreSQL, and a
/// recipient with no message or two is what the step must find. Thread-safe.
/// </summary>
public sealed class CampaignArrivals(int recipients)
{
    private readonly int[] _counts = new int[recipients];
    private readonly long[] _firstAt = new long[recipients];
    private long _received;
    private long _delivered;
    private long _lastArrivalTicks;

    public int Recipients => _counts.Length;

    /// <summary>Campaign messages the carrier received, duplicates included.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Recipients with at least one message at the carrier.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>When the latest one arrived (<see cref="Load.BenchClock.Now"/>); 0 before any.</summary>
    public long LastArrivalTicks => Interlocked.Read(ref _lastArrivalTicks);

    /// <summary>Records a send to one of the campaign's recipients; false when <paramref name="to"/> is not one (another step's send).</summary>
    public bool TryRecord(string? to, long atUnixMicroseconds)
    {
        if (Customers.CampaignIndex(to) is not { } index || index >= _counts.Length) return false;
        if (Interlocked.Increment(ref _counts[index]) == 1)
        {
            Volatile.Write(ref _firstAt[index], atUnixMicroseconds);
            Interlocked.Increment(ref _delivered);
        }
        Interlocked.Increment(ref _received);
        Interlocked.Exchange(ref _lastArrivalTicks, Load.BenchClock.Now);
        return true;
    }

    /// <summary>The step's send figures from what arrived so far (<see cref="CampaignSendFigures.From"/>).</summary>
    public CampaignSendFigures Figures(long launchedAtUnixMicroseconds) =>
        CampaignSendFigures.From(launchedAtUnixMicroseconds, [.. _firstAt], [.. _counts]);
}

/// <summary>
/// What the campaign step's sends came to at the carrier: seconds from the launch call to the first message, sends a
/// second from the first message to the last and over the steady middle (the 10th to the 90th percentile of arrival
/// times, without the ramp-up and the tail), lost (recipients with no message) and duplicated (with more than one).
/// </summary>
public sealed record CampaignSendFigures(
    long Recipients, long Delivered, long Lost, long Duplicated,
    double? FirstSendSeconds, double? LastSendSeconds, double? FirstToLastPerSecond, double? SteadyPerSecond)
{
    /// <summary>The share of arrivals left out at each end for <see cref="SteadyPerSecond"/>.</summary>
    public const double SteadyTrim = 0.1;

    /// <param name="launchedAt">When the launch call was made, microseconds since the Unix epoch.</param>
    /// <param name="firstArrivals">Per recipient, when its first message arrived (same unit); ignored where its count is 0.</param>
    /// <param name="counts">Per recipient, how many messages arrived.</param>
    public static CampaignSendFigures From(long launchedAt, IReadOnlyList<long> firstArrivals, IReadOnlyList<int> counts)
    {
        var arrivals = new List<long>(counts.Count);
        long duplicated = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i] == 0) continue;
            arrivals.Add(firstArrivals[i]);
            if (counts[i] > 1) duplicated++;
        }
        arrivals.Sort();
        var n = arrivals.Count;
        double? Seconds(long at) => Math.Round((at - launchedAt) / 1e6, 3);
        return new CampaignSendFigures(counts.Count, n, counts.Count - n, duplicated,
            n > 0 ? Seconds(arrivals[0]) : null,
            n > 0 ? Seconds(arrivals[^1]) : null,
            PerSecond(arrivals, 0, n - 1),
            PerSecond(arrivals, (int)Math.Floor(SteadyTrim * (n - 1)), (int)Math.Ceiling((1 - SteadyTrim) * (n - 1))));
    }

    /// <summary>Messages a second between the <paramref name="from"/>-th and the <paramref name="to"/>-th arrival; null over no time.</summary>
    private static double? PerSecond(List<long> arrivals, int from, int to)
    {
        if (from < 0 || to <= from || to >= arrivals.Count) return null;
        var microseconds = arrivals[to] - arrivals[from];
        return microseconds > 0 ? Math.Round((to - from) * 1e6 / microseconds, 1) : null;
    }
}
