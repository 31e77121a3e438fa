using Microsoft.Extensions.Hosting;

namespace Sms.ServiceDefaults.Hosting;

/// <summary>
/// A hosted service that does its work in rounds: one round, then a wait of <see cref="Interval"/>, or at once again
/// when the round says more is due. A round that fails is reported (<see cref="RoundFailed"/>) and tried again after
/// the interval; one that takes longer than <see cref="RoundTimeout"/> (a publish can hang after a broker restart) is
/// cancelled and tried again. Time-based work runs this way rather than from broker scheduling (no delayed-message
/// plugin here): session expiry, escalation notifications, the outbox, the hand-over sweep.
/// </summary>
public abstract class PollingService(TimeProvider time) : BackgroundService
{
    /// <summary>The clock the waits are measured by (a test may shift it).</summary>
    protected TimeProvider Time { get; } = time;

    /// <summary>Between two rounds when the last one left nothing due.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>Longest a round may take before it is cancelled; <see cref="Timeout.InfiniteTimeSpan"/>: never.</summary>
    protected virtual TimeSpan RoundTimeout => TimeSpan.FromSeconds(30);

    /// <summary>False: the service does nothing (switched off by configuration).</summary>
    protected virtual bool Enabled => true;

    /// <summary>One round of work; true when more is due at once (a full batch).</summary>
    protected abstract Task<bool> RunRoundAsync(CancellationToken cancellationToken);

    /// <summary>A round failed (logged by the service, which knows what it was doing); the next one comes after <see cref="Interval"/>.</summary>
    protected abstract void RoundFailed(Exception exception);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                using var round = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                round.CancelAfter(RoundTimeout);
                more = await RunRoundAsync(round.Token);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                RoundFailed(e);
            }
            if (more) continue;
            try
            {
                await Task.Delay(Interval, Time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
