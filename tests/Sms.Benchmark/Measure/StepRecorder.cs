using System.Collections.Concurrent;
using Sms.Benchmark.Load;

namespace Sms.Benchmark.Measure;

/// <summary>
/// What one step saw while it ran: sends, their answers, deliveries at the carrier and the latencies. Sends record
/// from the generator's tasks, deliveries from the carrier feed; thread-safe.
/// </summary>
public sealed class StepRecorder(string name, string kind, int rate, TimeSpan duration, int planned)
{
    private long _sent;
    private long _accepted;
    private long _refused;
    private long _delivered;
    private long _duplicated;
    private long _lastDeliveryTicks;

    public string Name { get; } = name;

    /// <summary><c>conversation</c>, <c>floor</c> or <c>outbound</c>.</summary>
    public string Kind { get; } = kind;

    public int Rate { get; } = rate;

    public TimeSpan Duration { get; } = duration;

    public int Planned { get; } = planned;

    public long StartTicks { get; private set; }

    /// <summary>From the due time to the answer of the webhook (or the broker's publish confirmation for outbound sends).</summary>
    public LatencyRecorder Accept { get; } = new();

    /// <summary>From the due time to the carrier receiving the message it caused.</summary>
    public LatencyRecorder EndToEnd { get; } = new();

    /// <summary>From the due time to the moment the generator actually sent: shows whether the generator kept up.</summary>
    public LatencyRecorder SendLag { get; } = new();

    /// <summary>Answers other than success, by HTTP status (0: no answer, e.g. a refused connection or a failed publish).</summary>
    public ConcurrentDictionary<int, long> Refusals { get; } = new();

    public long Sent => Interlocked.Read(ref _sent);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Refused => Interlocked.Read(ref _refused);

    public long Delivered => Interlocked.Read(ref _delivered);

    public long Duplicated => Interlocked.Read(ref _duplicated);

    /// <summary>Accepted sends whose message has not reached the carrier (yet).</summary>
    public long Outstanding => Accepted - Delivered;

    public long LastDeliveryTicks => Interlocked.Read(ref _lastDeliveryTicks);

    public void Started(long ticks) => StartTicks = ticks;

    public void RecordSent(long dueTicks, long sentTicks)
    {
        Interlocked.Increment(ref _sent);
        SendLag.Record(BenchClock.TicksToMicroseconds(sentTicks - dueTicks));
    }

    public void RecordAccepted(long dueTicks, long answeredTicks)
    {
        Interlocked.Increment(ref _accepted);
        Accept.Record(BenchClock.TicksToMicroseconds(answeredTicks - dueTicks));
    }

    public void RecordRefused(int status)
    {
        Interlocked.Increment(ref _refused);
        Refusals.AddOrUpdate(status, 1, (_, n) => n + 1);
    }

    public void RecordDelivered(long endToEndMicroseconds, long nowTicks)
    {
        Interlocked.Increment(ref _delivered);
        EndToEnd.Record(endToEndMicroseconds);
        long last;
        do last = Interlocked.Read(ref _lastDeliveryTicks);
        while (nowTicks > last && Interlocked.CompareExchange(ref _lastDeliveryTicks, nowTicks, last) != last);
    }

    public void RecordDuplicate() => Interlocked.Increment(ref _duplicated);
}
