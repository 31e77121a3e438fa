using System.Collections.Concurrent;
using System.Threading.Channels;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sms.Contracts.Conversations;

namespace Sms.ServiceDefaults.Security;

/// <summary>
/// When each client was last reported used by this instance: a client is reported at most once per
/// <see cref="ApiClientsOptions.UsageReportInterval"/>, so a busy key costs one message a minute, not one per request.
/// </summary>
public sealed class ApiClientUsageThrottle(TimeSpan interval)
{
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> reported = new();

    /// <summary>True when <paramref name="clientId"/>'s use at <paramref name="now"/> is to be reported (and it is then counted as reported).</summary>
    public bool ShouldReport(Guid clientId, DateTimeOffset now)
    {
        while (true)
        {
            if (!reported.TryGetValue(clientId, out var last))
            {
                if (reported.TryAdd(clientId, now)) return true;
                continue;
            }
            if (now - last < interval) return false;
            if (reported.TryUpdate(clientId, now, last)) return true;
        }
    }
}

/// <summary>
/// Reports the use of a client's key to Conversations (<see cref="ApiClientUsed"/>), throttled by
/// <see cref="ApiClientUsageThrottle"/>, off the request: the authentication handler only queues it, and a lost report
/// costs a last-used time a minute old, never a request.
/// </summary>
public sealed class ApiClientUsageReporter(IServiceProvider services, IOptions<ApiClientsOptions> options, TimeProvider time, ILogger<ApiClientUsageReporter> logger)
    : BackgroundService
{
    private readonly ApiClientUsageThrottle throttle = new(options.Value.UsageReportInterval);
    private readonly Channel<ApiClientUsed> pending = Channel.CreateBounded<ApiClientUsed>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>The client's key was just accepted.</summary>
    public void Seen(Guid clientId)
    {
        var now = time.GetUtcNow();
        if (throttle.ShouldReport(clientId, now))
            pending.Writer.TryWrite(new ApiClientUsed { ClientId = clientId, UsedAt = now });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var bus = services.GetRequiredService<IBus>();
        await foreach (var used in pending.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await bus.Publish(used, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ApiClientsLog.UsageNotReported(logger, used.ClientId, e.Message);
            }
        }
    }
}
