using System.ComponentModel.DataAnnotations;

namespace Sms.Conversations.Extensions;

/// <summary>The failed-messages collector (<c>Failures:*</c>; README, "Failed messages").</summary>
public sealed class FailuresOptions
{
    public const string Section = "Failures";

    /// <summary>False: the <c>_error</c> queues are left alone (another instance collects them, or nobody does).</summary>
    public bool CollectorEnabled { get; set; } = true;

    /// <summary>How often the <c>_error</c> queues are looked at.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan CollectInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Receive queues besides the platform's own (<c>ReceiveQueues.All</c>) whose <c>_error</c> queue is collected too.</summary>
    public List<string> ExtraQueues { get; set; } = [];
}
