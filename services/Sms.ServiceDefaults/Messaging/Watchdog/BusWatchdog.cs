using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sms.ServiceDefaults.Messaging.Watchdog;

/// <summary>
/// Every <see cref="BusWatchdogOptions.ProbeIntervalSeconds"/>, probes the broker on a fresh connection and judges the
/// bus's activity with <see cref="BusStallRules"/>. A stalled bus does not recover by waiting (a channel whose publish
/// never completes, deliveries that stopped while the connection looks alive), so the service reports itself not live
/// and not ready, stops, and exits with <see cref="ExitCode"/> for its supervisor (deploy/start.sh, compose, Kubernetes)
/// to start it again on a new connection; what it held unacknowledged goes back to its queues. See the README's
/// "A bus that makes no progress".
/// </summary>
public sealed partial class BusWatchdog(
    BusActivity activity,
    BrokerProbe probe,
    IOptions<BusWatchdogOptions> options,
    IHostApplicationLifetime lifetime,
    IHostEnvironment environment,
    TimeProvider clock,
    ILogger<BusWatchdog> logger) : BackgroundService
{
    /// <summary>The exit code of a service that stopped because its bus was stalled (EX_TEMPFAIL: try again).</summary>
    public const int ExitCode = 75;

    private volatile BusVerdict verdict = new(BusCondition.Working, "not probed yet");
    private DateTimeOffset? answeringSince;

    public BusVerdict Verdict => verdict;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled) return;
        // The service's own queues, not the bus's temporary one (exclusive to its connection: a passive declare of it
        // from another connection is refused).
        var ownQueues = MessagingExtensions.QueuePrefix(environment.ApplicationName) + "-";
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.ProbeIntervalSeconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var queues = activity.Snapshot().Endpoints.Keys.Where(q => q.StartsWith(ownQueues, StringComparison.Ordinal)).ToList();
            var result = await probe.ProbeAsync(queues, stoppingToken);
            var now = clock.GetUtcNow();
            if (!result.Reachable) answeringSince = null;
            else answeringSince ??= now;
            var next = BusStallRules.Evaluate(now, activity.Snapshot(), result, answeringSince ?? now, settings);
            var previous = verdict;
            verdict = next;
            if (next.Condition == previous.Condition) continue;

            switch (next.Condition)
            {
                case BusCondition.BrokerUnreachable:
                    LogBrokerUnreachable(logger, next.Description);
                    break;
                case BusCondition.Working:
                    LogWorking(logger);
                    break;
                case BusCondition.Stalled:
                    LogStalled(logger, next.Description, ExitCode);
                    if (settings.ExitWhenStalled) Stop(settings);
                    return;
            }
        }
    }

    private void Stop(BusWatchdogOptions settings)
    {
        Environment.ExitCode = ExitCode;
        lifetime.StopApplication();
        // Stopping cleanly needs the same broker connection that is stuck: do not wait on it for long. Not
        // Environment.Exit: it waits for the host to finish stopping, which is what may never happen.
        _ = Task.Delay(TimeSpan.FromSeconds(settings.StopGraceSeconds), CancellationToken.None)
            .ContinueWith(_ => ExitNow(), TaskScheduler.Default);
    }

    private static void ExitNow()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) ImmediateExit(ExitCode);
        Environment.FailFast($"The bus made no progress and the service did not stop within its grace period (exit code {ExitCode} intended).");
    }

    /// <summary>The C library's <c>_exit</c>: ends the process at once, running no exit handlers.</summary>
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "_exit")]
    private static extern void ImmediateExit(int status);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Critical,
        Message = "The bus makes no progress: {Reason}. Stopping so that the supervisor starts this service again on a new connection (exit code {ExitCode})")]
    private static partial void LogStalled(ILogger logger, string reason, int exitCode);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Warning, Message = "The bus waits for the broker: {Reason}")]
    private static partial void LogBrokerUnreachable(ILogger logger, string reason);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Information, Message = "The broker answers and the bus makes progress")]
    private static partial void LogWorking(ILogger logger);
}

/// <summary>
/// <c>/health/live</c>: unhealthy once the bus is stalled. <c>/health/ready</c>: unhealthy as well while the broker
/// does not answer, so no orchestrator keeps a service that consumes nothing in rotation.
/// </summary>
internal sealed class BusWatchdogHealthCheck(BusWatchdog watchdog, bool readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var verdict = watchdog.Verdict;
        var healthy = verdict.Condition == BusCondition.Working || (!readiness && verdict.Condition == BusCondition.BrokerUnreachable);
        return Task.FromResult(healthy ? HealthCheckResult.Healthy(verdict.Description) : HealthCheckResult.Unhealthy(verdict.Description));
    }
}

/// <summary>Tells <see cref="BusActivity"/> which queues this service consumes, as each receive endpoint becomes ready.</summary>
internal sealed class BusActivityEndpointObserver(BusActivity activity) : IReceiveEndpointObserver
{
    public Task Ready(ReceiveEndpointReady ready)
    {
        activity.EndpointReady(BusActivityFilter<object>.QueueName(ready.InputAddress));
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}
