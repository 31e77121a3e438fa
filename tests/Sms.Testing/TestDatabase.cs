using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Sms.ServiceDefaults.Data;

namespace Sms.Testing;

/// <summary>
/// The real test PostgreSQL of <see cref="Servers"/> with one service's migrations applied, as the service applies
/// them at start (<c>AddSmsPostgres</c>), once per service and test run.
/// </summary>
public static class TestDatabase
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<NpgsqlDataSource>>> Migrated = new(StringComparer.Ordinal);

    /// <param name="component">The service's migrations component, as its Program names it (<c>"compliance"</c>).</param>
    /// <param name="serviceAssembly">The assembly that embeds the migrations: <c>typeof(Program).Assembly</c>.</param>
    public static Task<NpgsqlDataSource> GetAsync(string component, Assembly serviceAssembly) =>
        Migrated.GetOrAdd(component, _ => new Lazy<Task<NpgsqlDataSource>>(() => CreateAsync(component, serviceAssembly))).Value;

    private static async Task<NpgsqlDataSource> CreateAsync(string component, Assembly serviceAssembly)
    {
        var servers = await Servers.GetAsync();
        var dataSource = NpgsqlDataSource.Create(servers.Postgres);
        await new DatabaseMigrations(component, serviceAssembly).ApplyAsync(dataSource, NullLogger.Instance, CancellationToken.None);
        return dataSource;
    }
}
