using MassTransit;
using Sms.ServiceDefaults.Messaging.Watchdog;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sms.Compliance.Data;
using Sms.Compliance.Extensions;

namespace Sms.Compliance.Background;

/// <summary>
/// Polls the deferred sends and publishes each one that is due as the <c>SendSms</c> it was, so it is decided afresh
/// (consent may have changed while it waited). Errors are logged and the next poll tries again.
/// </summary>
public sealed class DeferredSendReleaser(
    DeferredSends deferred,
    IBus bus,
    BusActivity activity,
    IOptions<QuietHoursOptions> options,
    TimeProvider clock,
    ILogger<DeferredSendReleaser> logger) : BackgroundService
{
    private const int Batch = 200;

    /// <summary>One poll: releases what is due now; returns how many.</summary>
    public Task<int> ReleaseDueAsync(CancellationToken cancellationToken) =>
        deferred.ReleaseDueAsync(clock.GetUtcNow(), Batch, (send, ct) => activity.TrackPublishAsync(bus, send, ct), cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                int released;
                do
                {
                    released = await ReleaseDueAsync(stoppingToken);
                    if (released > 0) logger.DeferredSendsReleased(released);
                } while (released == Batch);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.DeferredSendsReleaseFailed(e);
            }
            try
            {
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
