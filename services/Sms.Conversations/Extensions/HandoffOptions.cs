using System.ComponentModel.DataAnnotations;

namespace Sms.Conversations.Extensions;

/// <summary><c>Inbox:Handoff</c>: how long people keep a quiet conversation, and how often the inbox looks.</summary>
public sealed class HandoffOptions
{
    public const string Section = "Inbox:Handoff";

    /// <summary>
    /// A conversation people own in which neither the customer nor an agent wrote (and whose owner did not change) for
    /// this long goes back to the automation. Default 24 hours.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "90.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Whether conversations waiting in a team's queue are assigned to its available members by round robin (default);
    /// off, they wait until an agent takes one (assigns it, or replies).
    /// </summary>
    public bool AutoAssign { get; set; } = true;

    /// <summary>How often idle conversations are returned and teams' queues drained (also done at once when an agent frees up). Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the outbox is looked at for owner changes and hand-over texts to publish. Default 250 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Answered hand-overs of the last 7 days a team needs before the customer is told an expected wait. Default 5.</summary>
    [Range(1, 10_000)]
    public int ExpectedWaitSamples { get; set; } = 5;
}
