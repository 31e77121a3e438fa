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

        builder.Services.AddSingleton(_ =>
        {
            var dataSource = new NpgsqlDataSourceBuilder(connectionString);
            // Every consumer runs the same few statements per message: prepared once per connection, PostgreSQL stops
            // parsing and planning them each time. A connection string that sets its own value keeps it.
            if (!dataSource.ConnectionStringBuilder.ContainsKey("Max Auto Prepare"))
                dataSource.ConnectionStringBuilder.MaxAutoPrepare = DefaultMaxAutoPrepare;
            return dataSource.Build();
        });
        builder.Services.AddSingleton(new DatabaseMigrations(component, migrationsAssembly));
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres", tags: [HealthTags.Ready]);
        return builder;
    }
}
