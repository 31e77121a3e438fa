using Sms.CarrierSimulator.SmsApi;

namespace Sms.CarrierSimulator.State;

/// <summary>
/// An injected failure for the next <see cref="Times"/> valid sends to <see cref="To"/>. After waiting
/// <see cref="DelayMilliseconds"/> (a slow carrier), the send is answered with Vonage status <see cref="Status"/>, or
/// with HTTP <see cref="HttpStatus"/> (the carrier's front door refusing it), or its connection is dropped without an
/// answer (<see cref="Drop"/>); with only a delay it is accepted as usual, late.
/// </summary>
public sealed record Fault(string To, int? Status, int Times, int? HttpStatus = null, int? DelayMilliseconds = null, bool Drop = false);

/// <summary>Faults injected through <c>POST /simulator/faults</c>, one per destination number. Thread-safe.</summary>
public sealed class FaultBook
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (Fault Fault, int Remaining)> _faults = new(StringComparer.Ordinal);

    /// <summary>Sets (or replaces) the fault for a number; a leading <c>+</c> is ignored.</summary>
    public void Set(Fault fault)
    {
        var number = Msisdn.WithoutPlus(fault.To);
        lock (_gate) _faults[number] = (fault with { To = number }, fault.Times);
    }

    /// <summary>The Vonage status the next send to <paramref name="to"/> must answer, consuming one use of its fault.</summary>
    public int? TryTake(string to) => TakeNext(to)?.Status;

    /// <summary>The fault the next send to <paramref name="to"/> meets, consuming one use of it; null: none.</summary>
    public Fault? TakeNext(string to)
    {
        var number = Msisdn.WithoutPlus(to);
        lock (_gate)
        {
            if (!_faults.TryGetValue(number, out var entry)) return null;
            if (entry.Remaining <= 1) _faults.Remove(number);
            else _faults[number] = entry with { Remaining = entry.Remaining - 1 };
            return entry.Fault;
        }
    }

    public IReadOnlyList<Fault> List()
    {
        lock (_gate) return [.. _faults.Values.Select(e => e.Fault with { Times = e.Remaining })];
    }

    public void Clear()
    {
        lock (_gate) _faults.Clear();
    }
}
