namespace Sms.ServiceDefaults.Messaging.Watchdog;

/// <summary>What a fresh connection to the broker saw: whether it answered, and each of this service's queues.</summary>
public sealed record BrokerProbeResult(bool Reachable, string? Problem, IReadOnlyDictionary<string, QueueDepth> Queues)
{
    public static BrokerProbeResult Unreachable(string problem) => new(false, problem, new Dictionary<string, QueueDepth>());
}

/// <summary>Messages ready for delivery in a queue, and the consumers the broker counts on it.</summary>
public readonly record struct QueueDepth(uint Ready, uint Consumers);

public enum BusCondition
{
    /// <summary>The broker answers and the bus makes progress.</summary>
    Working,

    /// <summary>The broker does not answer a fresh connection: the bus waits for it (not ready, but alive).</summary>
    BrokerUnreachable,

    /// <summary>The broker answers, but this service's bus makes no progress: it will not recover by waiting.</summary>
    Stalled,
}

public sealed record BusVerdict(BusCondition Condition, string Description)
{
    public static readonly BusVerdict Working = new(BusCondition.Working, "the broker answers and the bus makes progress");
}

/// <summary>
/// Decides whether a bus is stalled: the broker answers a fresh connection, yet a publish has been pending longer than
/// <see cref="BusWatchdogOptions.PublishStallSeconds"/>, publishes have kept timing out that long, a try of a message
/// has run for <see cref="BusWatchdogOptions.AttemptStallSeconds"/>, or a queue of the service holds ready messages that
/// have not reached it for <see cref="BusWatchdogOptions.QueueStallSeconds"/> while nothing is in progress. While the broker does not answer, nothing is stalled: the bus waits for it. Pure.
/// </summary>
public static class BusStallRules
{
    /// <param name="answeringSince">
    /// Since when the broker has answered without a break. Only that time counts: after an outage the bus needs a
    /// moment to reconnect, and what waited during the outage was waiting for the broker, not stalled.
    /// </param>
    public static BusVerdict Evaluate(
        DateTimeOffset now, BusActivitySnapshot activity, BrokerProbeResult probe, DateTimeOffset answeringSince, BusWatchdogOptions options)
    {
        if (!probe.Reachable)
            return new BusVerdict(BusCondition.BrokerUnreachable, "the broker does not answer: " + probe.Problem);

        TimeSpan Since(DateTimeOffset moment) => now - (moment > answeringSince ? moment : answeringSince);

        var publishStall = TimeSpan.FromSeconds(options.PublishStallSeconds);
        var oldest = activity.PendingPublishes.MinBy(p => p.StartedAt);
        if (oldest is not null && Since(oldest.StartedAt) >= publishStall)
            return Stalled($"{oldest.What} has been pending for {Seconds(now - oldest.StartedAt)}, {Seconds(Since(oldest.StartedAt))} of them while the broker answered");

        if (activity.PublishesTimingOutSince is { } since && Since(since) >= publishStall)
            return Stalled($"publishes have timed out for {Seconds(Since(since))} while the broker answered, and none succeeded");

        var oldestAttempt = activity.RunningAttempts.MinBy(a => a.StartedAt);
        if (oldestAttempt is not null && Since(oldestAttempt.StartedAt) >= TimeSpan.FromSeconds(options.AttemptStallSeconds))
            return Stalled($"a try of a message on {oldestAttempt.Queue} has been in progress for {Seconds(now - oldestAttempt.StartedAt)}, {Seconds(Since(oldestAttempt.StartedAt))} of them while the broker answered");

        var queueStall = TimeSpan.FromSeconds(options.QueueStallSeconds);
        foreach (var (queue, depth) in probe.Queues.OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            if (depth.Ready == 0 || !activity.Endpoints.TryGetValue(queue, out var endpoint)) continue;
            if (activity.RunningAttempts.Any(a => a.Queue == queue)) continue;
            var idle = Since(endpoint.LastAttemptStartedAt);
            if (idle >= queueStall)
                return Stalled($"queue {queue} holds {depth.Ready} ready messages ({depth.Consumers} consumers) but none has reached this instance for {Seconds(idle)}");
        }
        return BusVerdict.Working;
    }

    private static BusVerdict Stalled(string description) => new(BusCondition.Stalled, description);

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0} s";
}
