using MassTransit;
using Microsoft.Extensions.Options;
using Sms.Router.Extensions;
using Sms.Router.Sessions;
using Sms.ServiceDefaults.Hosting;
using Sms.ServiceDefaults.Messaging.Watchdog;

namespace Sms.Router.Background;

/// <summary>
/// Polls the <c>sms:session-expiry</c> sorted set every <c>Router:SessionExpiry:PollInterval</c> and publishes
/// <c>SessionExpired</c> for each session that expired unanswered. Safe to run on every router instance.
/// </summary>
public sealed class SessionExpiryPoller(
    SessionExpiryProcessor processor, IBus bus, BusActivity activity, IOptions<RouterOptions> options, TimeProvider time,
    ILogger<SessionExpiryPoller> logger)
    : PollingService(time)
{
    private SessionExpiryOptions Settings => options.Value.SessionExpiry;

    protected override bool Enabled => Settings.Enabled;

    protected override TimeSpan Interval => Settings.PollInterval;

    /// <summary>A round that takes longer is abandoned (a publish can hang after a broker restart); its claims are retaken after their lease.</summary>
    protected override TimeSpan RoundTimeout => TimeSpan.FromSeconds(30);

    protected override async Task<bool> RunRoundAsync(CancellationToken cancellationToken)
    {
        var round = await processor.RunOnceAsync((message, ct) => activity.TrackPublishAsync(bus, message, ct), cancellationToken);
        return round.Claimed >= Settings.BatchSize; // more may be due
    }

    protected override void RoundFailed(Exception exception) => logger.ExpiryPollFailed(exception, Settings.PollInterval);
}
