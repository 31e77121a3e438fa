using System.Collections.Concurrent;
using Sms.Benchmark.Load;

namespace Sms.Benchmark.Measure;

/// <summary>
/// Matches what reaches the carrier with what the benchmark expects there, by <c>client-ref</c> (the platform's
/// message id). The first arrival of an expected message is a delivery, timed from its send's due time; a second
/// arrival is a duplicate; a message never expected is counted as unexpected (e.g. an acknowledgement where an
/// automatic response was due). Thread-safe.
/// </summary>
public sealed class DeliveryTracker(BenchClock clock)
{
    private sealed record Expected(long DueUnixMicroseconds, StepRecorder Step);

    private readonly ConcurrentDictionary<string, Expected> _pending = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, StepRecorder> _arrived = new(StringComparer.OrdinalIgnoreCase);
    private long _unexpected;
    private long _received;

    /// <summary>Every send the carrier received while the benchmark watched.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Sends the carrier received that no step expected.</summary>
    public long Unexpected => Interlocked.Read(ref _unexpected);

    /// <summary>Call before the send, so an answer faster than the call's return is not missed.</summary>
    public void Expect(string clientRef, long dueTicks, StepRecorder step) =>
        _pending[clientRef] = new Expected(clock.ToUnixMicroseconds(dueTicks), step);

    /// <summary>The send was refused: nothing will arrive for it.</summary>
    public void Forget(string clientRef) => _pending.TryRemove(clientRef, out _);

    public void OnCarrierReceived(string? clientRef, long atUnixMicroseconds)
    {
        Interlocked.Increment(ref _received);
        if (clientRef is null)
        {
            Interlocked.Increment(ref _unexpected);
            return;
        }
        if (_pending.TryRemove(clientRef, out var expected))
        {
            _arrived[clientRef] = expected.Step;
            expected.Step.RecordDelivered(atUnixMicroseconds - expected.DueUnixMicroseconds, BenchClock.Now);
        }
        else if (_arrived.TryGetValue(clientRef, out var step))
        {
            step.RecordDuplicate();
        }
        else
        {
            Interlocked.Increment(ref _unexpected);
        }
    }
}
