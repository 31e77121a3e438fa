using System.Collections.Concurrent;

namespace Sms.ServiceDefaults.Messaging.Watchdog;

/// <summary>
/// What this service's bus is doing now: the publishes pending (a consumer's publishes after it succeeded, publishes at
/// the edge and from background work), publishes that timed out without a success since, and when each receive
/// endpoint last started a try of a message. Recorded by <see cref="BusActivityFilter{T}"/> and
/// <see cref="BusActivityExtensions.TrackPublishAsync"/>, read by the <see cref="BusWatchdog"/>. Thread-safe.
/// </summary>
public sealed class BusActivity(TimeProvider clock)
{
    private readonly ConcurrentDictionary<long, PendingPublish> pending = new();
    private readonly ConcurrentDictionary<string, EndpointActivity> endpoints = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, RunningAttempt> attempts = new();
    private long nextId;
    private DateTimeOffset? timingOutSince;
    private readonly Lock gate = new();

    /// <summary>A publish started; dispose the handle when it ends, after <see cref="PublishHandle.Succeeded"/> if it did.</summary>
    public PublishHandle PublishStarted(string what)
    {
        var id = Interlocked.Increment(ref nextId);
        pending[id] = new PendingPublish(what, clock.GetUtcNow());
        return new PublishHandle(this, id);
    }

    /// <summary>A receive endpoint is consuming from <paramref name="queue"/> (it started, or started again after a reconnect).</summary>
    public void EndpointReady(string queue) => endpoints[queue] = new EndpointActivity(clock.GetUtcNow());

    /// <summary>A try of a message on <paramref name="queue"/> started; dispose the handle when it ends, whatever its outcome.</summary>
    public IDisposable AttemptStarted(string queue)
    {
        var now = clock.GetUtcNow();
        var id = Interlocked.Increment(ref nextId);
        attempts[id] = new RunningAttempt(queue, now);
        endpoints[queue] = new EndpointActivity(now);
        return new AttemptHandle(this, id);
    }

    private sealed class AttemptHandle(BusActivity activity, long id) : IDisposable
    {
        public void Dispose() => activity.attempts.TryRemove(id, out _);
    }

    public BusActivitySnapshot Snapshot()
    {
        lock (gate)
        {
            return new BusActivitySnapshot(
                pending.Values.ToList(),
                timingOutSince,
                attempts.Values.ToList(),
                endpoints.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal));
        }
    }

    private void Ended(long id, bool succeeded, bool timedOut)
    {
        pending.TryRemove(id, out var publish);
        lock (gate)
        {
            if (succeeded) timingOutSince = null;
            else if (timedOut && publish is not null) timingOutSince ??= publish.StartedAt;
        }
    }

    /// <summary>One pending publish. Dispose ends it: as succeeded, timed out, or failed otherwise.</summary>
    public sealed class PublishHandle(BusActivity activity, long id) : IDisposable
    {
        private bool succeeded;
        private bool timedOut;

        public void Succeeded() => succeeded = true;

        /// <summary>It was given up for taking too long (cancelled by a deadline, or a timeout from the client).</summary>
        public void TimedOut() => timedOut = true;

        public void Dispose() => activity.Ended(id, succeeded, timedOut);
    }
}

/// <summary>A publish in progress: what it is, and since when.</summary>
public sealed record PendingPublish(string What, DateTimeOffset StartedAt);

/// <summary>A try of a message in progress: on which queue, since when.</summary>
public sealed record RunningAttempt(string Queue, DateTimeOffset StartedAt);

/// <summary>When a receive endpoint's latest try of a message started (or when it became ready).</summary>
public sealed record EndpointActivity(DateTimeOffset LastAttemptStartedAt);

public sealed record BusActivitySnapshot(
    IReadOnlyList<PendingPublish> PendingPublishes,
    DateTimeOffset? PublishesTimingOutSince,
    IReadOnlyList<RunningAttempt> RunningAttempts,
    IReadOnlyDictionary<string, EndpointActivity> Endpoints);
