using System.ComponentModel.DataAnnotations;
using Sms.Conversations.Webhooks;

namespace Sms.Conversations.Extensions;

/// <summary><c>Inbox:Webhooks</c>: how outgoing webhooks are delivered and retried (<see cref="WebhookRetrySchedule"/>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Inbox:Webhooks";

    /// <summary>How often the dispatcher looks for due deliveries when the last look found none. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a receiver may take to answer; a slower one counts as a failed attempt. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait after a first failure; it doubles with each. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two attempts. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan MaxRetry { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a delivery is tried before it is given up: at least a day. Default 3 days.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "30.00:00:00")]
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Each wait is spread by this share of itself either way. Default 0.2.</summary>
    [Range(0.0, 0.5)]
    public double Jitter { get; set; } = 0.2;

    /// <summary>A subscription whose every attempt failed for this long is disabled and admins are told. Default 24 hours.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Deliveries claimed per look (posted concurrently, one per conversation queue). Default 50.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>How long a finished delivery (delivered or given up) stays in the log. Default 30 days.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan LogRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the log is pruned. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);

    public WebhookRetrySchedule Schedule() => new(FirstRetry, MaxRetry, RetryFor, Jitter, DisableAfter);
}
