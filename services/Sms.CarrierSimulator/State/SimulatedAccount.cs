namespace Sms.CarrierSimulator.State;

/// <summary>The simulated Vonage account's credit: every part costs <see cref="PricePerPart"/>. Thread-safe.</summary>
public sealed class SimulatedAccount
{
    public const decimal StartingBalance = 100m;
    public const decimal PricePerPart = 0.0333m;

    /// <summary>The MCC/MNC the simulator reports for every recipient.</summary>
    public const string Network = "23410";

    private readonly Lock _gate = new();
    private decimal _balance = StartingBalance;

    /// <summary>Charges <paramref name="parts"/> parts; returns the balance after each one. The balance never blocks a send.</summary>
    public IReadOnlyList<decimal> Charge(int parts)
    {
        var balances = new decimal[parts];
        lock (_gate)
        {
            for (var i = 0; i < parts; i++)
            {
                _balance -= PricePerPart;
                if (_balance < 0) _balance += StartingBalance; // a development account tops itself up
                balances[i] = _balance;
            }
        }
        return balances;
    }
}
