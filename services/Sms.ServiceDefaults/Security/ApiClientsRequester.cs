using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sms.Contracts.Conversations;

namespace Sms.ServiceDefaults.Security;

/// <summary>
/// Asks Conversations for the list of API clients (<see cref="ApiClientsRequested"/>) as the instance starts, and again
/// until one arrives (Conversations may start later, or the bus not be up yet). Until then only the bootstrap keys work.
/// </summary>
public sealed class ApiClientsRequester(
    IServiceProvider services, ApiClientDirectory directory, IOptions<ApiClientsOptions> options, TimeProvider time,
    IHostEnvironment environment, ILogger<ApiClientsRequester> logger) : BackgroundService
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var bus = services.GetRequiredService<IBus>();
        var wait = options.Value.RequestRetryInterval;
        while (!directory.HasList && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                await bus.Publish(new ApiClientsRequested { RequestedBy = environment.ApplicationName, RequestedAt = time.GetUtcNow() }, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ApiClientsLog.RequestFailed(logger, e.Message, wait);
            }
            // Wait for the answer, looking often so the loop ends as soon as it is in.
            var until = time.GetUtcNow() + wait;
            while (!directory.HasList && time.GetUtcNow() < until)
                await Task.Delay(TimeSpan.FromMilliseconds(100), time, stoppingToken);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestWait.Ticks));
        }
    }
}
