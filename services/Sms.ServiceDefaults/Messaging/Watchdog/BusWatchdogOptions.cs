using System.ComponentModel.DataAnnotations;

namespace Sms.ServiceDefaults.Messaging.Watchdog;

/// <summary>
/// How the <see cref="BusWatchdog"/> tells a bus that makes no progress, bound from <c>Messaging:Watchdog:*</c>.
/// See the README's "A bus that makes no progress" for the protocol.
/// </summary>
public sealed class BusWatchdogOptions
{
    public const string Section = "Messaging:Watchdog";

    /// <summary>Off only for tests that host a bus without a broker of their own.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the broker is probed on a fresh connection and the bus's activity checked.</summary>
    [Range(1, 300)] public int ProbeIntervalSeconds { get; set; } = 5;

    /// <summary>
    /// A publish (a consumer's publishes after it succeeded, or a publish at the edge) pending this long while the broker
    /// answers a fresh connection means the bus's own connection or channel is stuck. A publish normally takes
    /// milliseconds; while the broker is down nothing is counted against this.
    /// </summary>
    [Range(1, 600)] public int PublishStallSeconds { get; set; } = 15;

    /// <summary>
    /// A try of a message in progress this long while the broker answers is stuck: a catch-all for a publish made
    /// straight to the broker from inside a consumer and not tracked as one. Longer than the longest try a consumer
    /// makes on purpose (Outbound: a carrier call within 30 s after waiting up to 30 s for a send ahead of a STOP).
    /// </summary>
    [Range(1, 3_600)] public int AttemptStallSeconds { get; set; } = 120;

    /// <summary>
    /// A queue of this service holding ready messages while none of them has reached this instance for this long, and
    /// no message is in progress here, means deliveries stopped. Longer than the longest wait between two tries of a
    /// message during an outage (<c>Messaging:Retry:OutageMaxDelayMilliseconds</c>, 30 s).
    /// </summary>
    [Range(1, 3_600)] public int QueueStallSeconds { get; set; } = 45;

    /// <summary>
    /// Whether a stalled service exits for its supervisor to start it again (the default), or only reports itself not
    /// live and not ready (for an orchestrator that restarts on a failed liveness probe, and for tests hosting a bus).
    /// </summary>
    public bool ExitWhenStalled { get; set; } = true;

    /// <summary>Time a stalled service has to stop cleanly before it exits at once.</summary>
    [Range(1, 120)] public int StopGraceSeconds { get; set; } = 10;
}
