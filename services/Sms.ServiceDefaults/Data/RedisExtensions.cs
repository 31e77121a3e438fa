using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Sms.ServiceDefaults.Health;
using StackExchange.Redis;

namespace Sms.ServiceDefaults.Data;

public static class RedisExtensions
{
    /// <summary>One shared <see cref="IConnectionMultiplexer"/> from <c>ConnectionStrings:Redis</c> and a readiness check.</summary>
    public static IHostApplicationBuilder AddSmsRedis(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Redis")
            ?? throw new InvalidOperationException("ConnectionStrings:Redis is not set (environment: ConnectionStrings__Redis).");

        builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(connectionString);
            options.AbortOnConnectFail = false; // keep reconnecting; readiness reports the outage
            return ConnectionMultiplexer.Connect(options);
        });
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [HealthTags.Ready]);
        return builder;
    }

    private sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await redis.GetDatabase().PingAsync();
                return HealthCheckResult.Healthy();
            }
            catch (RedisException e)
            {
                return HealthCheckResult.Unhealthy("Redis does not answer", e);
            }
        }
    }
}
