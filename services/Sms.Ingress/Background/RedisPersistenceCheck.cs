using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sms.Ingress.Extensions;
using Sms.Ingress.Inbound;
using StackExchange.Redis;

namespace Sms.Ingress.Background;

/// <summary>
/// Asks Redis whether it persists (<see cref="RedisPersistence"/>): at start, logging a Warning when it does not (retried
/// until Redis answers), and on every readiness probe, reporting Degraded (still 200: the ingress works, but a Redis
/// restart would make it publish carrier retries again). CONFIG and INFO are admin commands to StackExchange.Redis, so
/// the check has a connection of its own that allows them; the ingress's shared connection does not.
/// </summary>
public sealed class RedisPersistenceCheck(IConfiguration configuration, ILogger<RedisPersistenceCheck> logger) : BackgroundService, IHealthCheck
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim connecting = new(1, 1);
    private ConnectionMultiplexer? admin;

    /// <exception cref="RedisException">Redis did not answer at all.</exception>
    public async Task<RedisPersistenceVerdict> ReadAsync()
    {
        var db = (await AdminAsync()).GetDatabase();
        string? appendOnly = null, info = null;
        try
        {
            var answer = await db.ExecuteAsync("CONFIG", "GET", "appendonly");
            if (answer.ToDictionary().TryGetValue("appendonly", out var value)) appendOnly = (string?)value;
        }
        catch (RedisServerException)
        {
            // CONFIG renamed away, denied by an ACL, or not offered by a managed Redis: INFO may still say.
        }
        if (appendOnly is null)
        {
            try
            {
                info = (string?)await db.ExecuteAsync("INFO", "persistence");
            }
            catch (RedisServerException)
            {
            }
        }
        return RedisPersistence.Decide(appendOnly, info);
    }

    private async Task<ConnectionMultiplexer> AdminAsync()
    {
        await connecting.WaitAsync();
        try
        {
            if (admin is not null) return admin;
            var options = ConfigurationOptions.Parse(configuration.GetConnectionString("Redis")!);
            options.AllowAdmin = true;
            options.AbortOnConnectFail = false;
            return admin = await ConnectionMultiplexer.ConnectAsync(options);
        }
        finally
        {
            connecting.Release();
        }
    }

    public override void Dispose()
    {
        admin?.Dispose();
        connecting.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if ((await ReadAsync()).Warning() is { } warning) IngressLog.RedisNotPersistent(logger, warning);
                return;
            }
            catch (Exception e) when (e is RedisException or RedisTimeoutException)
            {
                // Not reachable yet: readiness reports that; ask again once it is.
            }
            try
            {
                await Task.Delay(RetryDelay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var verdict = await ReadAsync();
            return verdict.Warning() is { } warning ? HealthCheckResult.Degraded(warning) : HealthCheckResult.Healthy("appendonly yes");
        }
        catch (Exception e) when (e is RedisException or RedisTimeoutException)
        {
            // Whether Redis answers at all is the "redis" check's to report.
            return HealthCheckResult.Degraded("Redis did not answer, so its persistence could not be checked.", e);
        }
    }
}
