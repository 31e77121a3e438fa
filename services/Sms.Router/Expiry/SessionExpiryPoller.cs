using MassTransit;
using Microsoft.Extensions.Options;
using Sms.Router.Extensions;
using Sms.ServiceDefaults.Messaging.Watchdog;

namespace Sms.Router.Expiry;

/// <summary>
/// Polls the <c>sms:session-expiry</c> sorted set every <c>Router:SessionExpiry:PollInterval</c> and publishes
/// <c>SessionExpired</c> for each session that expired unanswered. Safe to run on every router instance.
/// </summary>
internal sealed class SessionExpiryPoller(
    SessionExpiryProcessor processor, IBus bus, BusActivity activity, IOptions<RouterOptions> options, ILogger<SessionExpiryPoller> logger)
    : BackgroundService
{
    /// <summary>A round that takes longer is abandoned (a publish can hang after a broker restart); its claims are retaken after their lease.</summary>
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.SessionExpiry;
        if (!settings.Enabled) return;

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(RoundTimeout);
                var round = await processor.RunOnceAsync((message, ct) => activity.TrackPublishAsync(bus, message, ct), timeout.Token);
                if (round.Claimed >= settings.BatchSize) continue; // more may be due
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.ExpiryPollFailed(e, settings.PollInterval);
            }

            try
            {
                await Task.Delay(settings.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
