using Sms.CarrierSimulator.SmsApi;

namespace Sms.CarrierSimulator.State;

/// <summary>An injected failure: the next <see cref="Times"/> sends to <see cref="To"/> answer Vonage status <see cref="Status"/>.</summary>
public sealed record Fault(string To, int Status, int Times);

/// <summary>Faults injected through <c>POST /simulator/faults</c>, one per destination number. Thread-safe.</summary>
public sealed class FaultBook
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (int Status, int Remaining)> _faults = new(StringComparer.Ordinal);

    /// <summary>Sets (or replaces) the fault for a number; a leading <c>+</c> is ignored.</summary>
    public void Set(Fault fault)
    {
        lock (_gate) _faults[Msisdn.WithoutPlus(fault.To)] = (fault.Status, fault.Times);
    }

    /// <summary>The status the next send to <paramref name="to"/> must answer, consuming one use of its fault.</summary>
    public int? TryTake(string to)
    {
        var number = Msisdn.WithoutPlus(to);
        lock (_gate)
        {
            if (!_faults.TryGetValue(number, out var fault)) return null;
            if (fault.Remaining <= 1) _faults.Remove(number);
            else _faults[number] = fault with { Remaining = fault.Remaining - 1 };
            return fault.Status;
        }
    }

    public IReadOnlyList<Fault> List()
    {
        lock (_gate) return [.. _faults.Select(f => new Fault(f.Key, f.Value.Status, f.Value.Remaining))];
    }

    public void Clear()
    {
        lock (_gate) _faults.Clear();
    }
}
