using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Sms.ServiceDefaults.Health;

namespace Sms.ServiceDefaults.Data;

public static class PostgresExtensions
{
    /// <summary>How many distinct statements each connection keeps prepared, unless the connection string says.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// A pooled <see cref="NpgsqlDataSource"/> from <c>ConnectionStrings:Postgres</c>, a readiness check, and the
    /// service's SQL migrations (embedded <c>migrations/*.sql</c> resources of <paramref name="migrationsAssembly"/>),
    /// applied before the service starts.
    /// </summary>
    public static IHostApplicationBuilder AddSmsPostgres(
        this IHostApplicationBuilder builder, string component, Assembly migrationsAssembly)
    {
        var connectionString = builder.Configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException(
                "ConnectionStrings:Postgres is not set (environment: ConnectionStrings__Postgres).");

        builder.Services.AddSingleton(_ => CreateDataSource(connectionString));
        builder.Services.AddSingleton(new DatabaseMigrations(component, migrationsAssembly));
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres", tags: [HealthTags.Ready]);
        return builder;
    }

    /// <summary>
    /// The services' pooled data source, tuned for many short transactions (each consumer runs the same few statements
    /// per message), unless the connection string says otherwise:
    /// <list type="bullet">
    /// <item>statements prepared once per connection, so PostgreSQL stops parsing and planning them each time
    /// (<see cref="DefaultMaxAutoPrepare"/>);</item>
    /// <item>no session reset when a connection goes back to the pool (No Reset On Close). The reset is a batch of
    /// seven statements (CLOSE ALL, RESET ALL, UNLISTEN *, pg_advisory_unlock_all …) that PostgreSQL runs before the
    /// next use of the connection, that is once per message; nothing here leaves session state behind (no SET, no
    /// LISTEN, no temporary tables; the migrations' session lock is released explicitly).</item>
    /// </list>
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var dataSource = new NpgsqlDataSourceBuilder(connectionString);
        if (!Names(connectionString, "Max Auto Prepare", "MaxAutoPrepare"))
            dataSource.ConnectionStringBuilder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        if (!Names(connectionString, "No Reset On Close", "NoResetOnClose"))
            dataSource.ConnectionStringBuilder.NoResetOnClose = true;
        return dataSource.Build();
    }

    /// <summary>
    /// True when the connection string itself sets one of <paramref name="keywords"/> (spellings of one setting). Npgsql's
    /// own builder answers ContainsKey for every keyword it knows, set or not, so the raw string is read with the generic
    /// builder.
    /// </summary>
    public static bool Names(string connectionString, params string[] keywords)
    {
        var raw = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return keywords.Any(raw.ContainsKey);
    }
}
