using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Sms.ServiceDefaults.Data;
using Sms.Testing;

namespace Sms.Conversations.Tests.Support;

/// <summary>The real PostgreSQL of <see cref="Servers"/>, with the conversations schema migrated, once per test run.</summary>
internal static class TestDatabase
{
    private static readonly Lazy<Task<NpgsqlDataSource>> Instance = new(CreateAsync);

    public static Task<NpgsqlDataSource> GetAsync() => Instance.Value;

    public static DatabaseMigrations Migrations => new("conversations", typeof(Program).Assembly);

    private static async Task<NpgsqlDataSource> CreateAsync()
    {
        var servers = await Servers.GetAsync();
        var dataSource = NpgsqlDataSource.Create(servers.Postgres);
        await Migrations.ApplyAsync(dataSource, NullLogger.Instance, CancellationToken.None);
        return dataSource;
    }
}

/// <summary>Numbers no other test (or earlier run against the same database) uses: threads never mix.</summary>
internal static class TestNumbers
{
    /// <summary>+1 555 and ten random digits: E.164, 14 digits.</summary>
    public static string Unique() => "+1555" + Random.Shared.NextInt64(1_000_000_000, 10_000_000_000);
}
