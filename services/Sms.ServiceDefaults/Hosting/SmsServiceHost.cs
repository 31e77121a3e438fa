using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;
using Sms.ServiceDefaults.Data;
using Sms.ServiceDefaults.Messaging;

namespace Sms.ServiceDefaults.Hosting;

public static class SmsServiceHost
{
    /// <summary>
    /// Runs the service. With <c>--Messaging:DeployTopologyOnly=true</c> it declares its queues, exchanges and bindings
    /// on the broker and exits (the start command does this for every service first, so no message published at a cold
    /// start is dropped for want of a queue). Otherwise it applies its database migrations and runs until stopped.
    /// </summary>
    public static async Task RunSmsServiceAsync(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Sms.Startup");
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        if (app.Configuration.GetValue<bool>(MessagingExtensions.DeployTopologyOnlyKey))
        {
            await app.Services.GetRequiredService<IBusControl>().DeployAsync(startup.Token);
            logger.LogInformation("Broker topology of {Service} deployed", app.Environment.ApplicationName);
            return;
        }

        foreach (var migrations in app.Services.GetServices<DatabaseMigrations>())
            await ApplyWithRetryAsync(migrations, app.Services.GetRequiredService<NpgsqlDataSource>(), logger, startup.Token);

        // Connect to Redis now, on this thread, not when the first consumers ask for it: with a backlog waiting, the
        // bus starts 32 consumers per queue at once, and all of them blocked on the one synchronous connect starved
        // the thread pool, so the service answered nothing, not even /health/live, for 15-20 s.
        _ = app.Services.GetService<IConnectionMultiplexer>();

        await app.RunAsync();
    }

    private static async Task ApplyWithRetryAsync(DatabaseMigrations migrations, NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        // PostgreSQL may still be starting when the service does: wait for it rather than fail the start.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await migrations.ApplyAsync(dataSource, logger, cancellationToken);
                return;
            }
            catch (NpgsqlException e) when (e.IsTransient && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("PostgreSQL not reachable for migrations (attempt {Attempt}): {Error}", attempt, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }
    }
}
