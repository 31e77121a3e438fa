using Npgsql;
using Sms.Compliance.Consent;
using Sms.Compliance.Data;
using Sms.Testing;
using StackExchange.Redis;

namespace Sms.Compliance.Tests.Support;

/// <summary>
/// The stores every compliance test class reaches: the migrated test database and the ledger on it, and the shared
/// test Redis, connected once per class. Tests keep apart by their numbers (<see cref="TestNumbers.Unique"/>).
/// </summary>
public abstract class ComplianceDatabaseFixture
{
    protected NpgsqlDataSource DataSource { get; private set; } = null!;

    protected ConsentLedger Ledger { get; private set; } = null!;

    protected IConnectionMultiplexer Redis { get; private set; } = null!;

    /// <summary>The compliance database, migrated once per test run.</summary>
    public static Task<NpgsqlDataSource> MigratedAsync() => TestDatabase.GetAsync("compliance", typeof(Program).Assembly);

    [OneTimeSetUp]
    public async Task ConnectStoresAsync()
    {
        DataSource = await MigratedAsync();
        Ledger = new ConsentLedger(DataSource);
        Redis = await TestRedis.GetAsync();
    }

    /// <summary>A number's ledger events in a scope, oldest first.</summary>
    protected Task<IReadOnlyList<ConsentEvent>> HistoryOfAsync(string number, string scope = ComplianceHarness.Scope) =>
        Ledger.GetHistoryAsync(number, scope, CancellationToken.None);
}
