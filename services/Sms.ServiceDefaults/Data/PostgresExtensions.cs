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
    /// The services' pooled data source. Every consumer runs the same few statements per message: prepared once per
    /// connection, PostgreSQL stops parsing and planning them each time (<see cref="DefaultMaxAutoPrepare"/>). A connection
    /// string that sets its own Max Auto Prepare keeps it.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var dataSource = new NpgsqlDataSourceBuilder(connectionString);
        if (!NamesMaxAutoPrepare(connectionString))
            dataSource.ConnectionStringBuilder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        return dataSource.Build();
    }

    /// <summary>
    /// True when the connection string itself sets Max Auto Prepare. (Npgsql's own builder answers ContainsKey for every
    /// keyword it knows, set or not, so the raw string is read with the generic builder.)
    /// </summary>
    public static bool NamesMaxAutoPrepare(string connectionString)
    {
        var raw = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return raw.ContainsKey("Max Auto Prepare") || raw.ContainsKey("MaxAutoPrepare");
    }
}
