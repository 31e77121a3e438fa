using System.ComponentModel.DataAnnotations;

namespace Sms.Conversations.Extensions;

/// <summary>
/// <c>GET /v1/events</c>: how often it looks for changes and sends a heartbeat, and how long its change feed keeps a
/// change (<c>Inbox:Events</c>).
/// </summary>
public sealed class EventsOptions
{
    public const string Section = "Inbox:Events";
    public int PollMilliseconds { get; set; } = 500;
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>
    /// How long a change stays in the feed: a client away longer than this cannot be told what it missed one change at
    /// a time and is told to reload instead (<c>event: reset</c>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the feed is pruned.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);
}
