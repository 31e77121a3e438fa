using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Sms.ServiceDefaults.Data;
using Sms.Testing;

namespace Sms.Compliance.Tests.Support;

/// <summary>The real test PostgreSQL with the compliance migrations applied, once per test run.</summary>
internal static class TestDatabase
{
    private static readonly Lazy<Task<NpgsqlDataSource>> Instance = new(CreateAsync);

    public static Task<NpgsqlDataSource> GetAsync() => Instance.Value;

    private static async Task<NpgsqlDataSource> CreateAsync()
    {
        var servers = await Servers.GetAsync();
        var dataSource = NpgsqlDataSource.Create(servers.Postgres);
        await new DatabaseMigrations("compliance", typeof(Program).Assembly)
            .ApplyAsync(dataSource, NullLogger.Instance, CancellationToken.None);
        return dataSource;
    }
}

/// <summary>Numbers no other test (nor another helper's run against the same database) uses: +999 is unassigned.</summary>
internal static class TestNumbers
{
    public static string New() =>
        "+999" + Random.Shared.NextInt64(10_000_000_000, 100_000_000_000).ToString(CultureInfo.InvariantCulture);
}
