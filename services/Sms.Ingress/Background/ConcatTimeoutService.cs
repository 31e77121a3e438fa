using Microsoft.Extensions.Options;
using Sms.Ingress.Data;
using Sms.Ingress.Extensions;
using Sms.Ingress.Inbound;
using StackExchange.Redis;

namespace Sms.Ingress.Background;

/// <summary>
/// Sends on the concatenated messages whose remaining parts did not arrive within <see cref="IngressOptions.ConcatTimeout"/>:
/// every <see cref="IngressOptions.ConcatPollInterval"/> it takes the keys past their deadline from the sorted set
/// <c>{prefix}concat:pending</c> and publishes the parts received so far, marked incomplete. Every instance runs it;
/// the seal on each message's hash makes one of them publish it. A publish the broker refuses is tried again later,
/// so no part is dropped.
/// </summary>
public sealed class ConcatTimeoutService(
    IServiceScopeFactory scopes,
    ConcatPartStore parts,
    TimeProvider clock,
    IOptions<IngressOptions> options,
    ILogger<ConcatTimeoutService> logger) : BackgroundService
{
    private const int BatchSize = 50;

    /// <summary>How long a message the broker refused waits before the next attempt.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PublishDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is RedisException or RedisTimeoutException)
            {
                IngressLog.ConcatTimeoutsUnavailable(logger, e);
            }

            try
            {
                await Task.Delay(options.Value.ConcatPollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Publishes every message past its deadline now; returns how many were published.</summary>
    public async Task<int> PublishDueAsync(CancellationToken cancellationToken)
    {
        var published = 0;
        var now = clock.GetUtcNow();
        foreach (var key in await parts.DueAsync(now, BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredService<InboundSmsHandler>();
            switch (await handler.PublishAssemblyAsync(key, now, cancellationToken))
            {
                case AssemblyOutcome.Published:
                    published++;
                    break;
                case AssemblyOutcome.Failed:
                    await parts.RescheduleAsync(key, now + RetryDelay);
                    break;
                case AssemblyOutcome.Gone:
                    // A message published from a webhook leaves no deadline behind: a deadline without parts means they expired.
                    IngressLog.ConcatPartsExpired(logger, key.ToString());
                    await parts.ForgetAsync(key);
                    break;
                case AssemblyOutcome.Busy:
                    break; // another instance is publishing it; if it fails, the key is still due next time
            }
        }
        return published;
    }
}
