namespace Sms.Conversations.Extensions;

/// <summary>How often <c>GET /v1/events</c> looks for changes and sends a heartbeat (<c>Inbox:Events</c>).</summary>
public sealed class EventsOptions
{
    public const string Section = "Inbox:Events";
    public int PollMilliseconds { get; set; } = 500;
    public int HeartbeatSeconds { get; set; } = 15;
}
