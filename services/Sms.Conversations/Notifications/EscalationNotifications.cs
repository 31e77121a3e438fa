using Sms.Contracts.Routing;
using Sms.Conversations.Threads;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Conversations.Notifications;

/// <summary>
/// <c>Inbox:Notifications</c>: where escalations are announced. Each rule posts Slack-compatible JSON
/// (<c>{"text": …}</c>) to its URL for escalations of at least its priority and, when it lists reasons, of one of them.
/// Urgent escalations go at once; the others are batched, one post per rule every <see cref="BatchSeconds"/>.
/// </summary>
public sealed class NotificationOptions
{
    public const string Section = "Inbox:Notifications";

    public int BatchSeconds { get; set; } = 60;

    /// <summary>How often the sender looks for notifications due.</summary>
    public int PollMilliseconds { get; set; } = 1000;

    /// <summary>Wait after a first failed post; it doubles with every further failure, up to <see cref="MaxRetrySeconds"/>.</summary>
    public int FirstRetryMilliseconds { get; set; } = 2000;

    public int MaxRetrySeconds { get; set; } = 300;

    /// <summary>
    /// The inbox page as agents reach it, e.g. <c>https://sms.example.com/inbox/</c>: when set, each line links to its
    /// conversation there. Unset: no link (the service cannot know the address it is reached by).
    /// </summary>
    public string? InboxUrl { get; set; }

    public List<NotificationRule> Rules { get; set; } = [];
}

public sealed class NotificationRule
{
    public string Name { get; set; } = "";
    public string Url { get; set; } = "";

    /// <summary><c>normal</c>, <c>high</c> or <c>urgent</c>.</summary>
    public string MinimumPriority { get; set; } = "normal";

    /// <summary>Escalation reasons (<c>human_requested</c>, <c>sensitive_topic</c>, …); empty: every reason.</summary>
    public List<string> Reasons { get; set; } = [];
}

/// <summary>The decisions about escalation notifications, with no I/O.</summary>
public static class EscalationNotifications
{
    /// <summary>The rules that want this escalation.</summary>
    public static IReadOnlyList<NotificationRule> Matching(IEnumerable<NotificationRule> rules, ConversationEscalated escalated) =>
        rules.Where(rule =>
                Enum.TryParse<EscalationPriority>(rule.MinimumPriority.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var minimum)
                && escalated.Priority >= minimum
                && (rule.Reasons.Count == 0 || rule.Reasons.Contains(StoredNames.Of(escalated.Reason), StringComparer.OrdinalIgnoreCase)))
            .ToList();

    public static bool IsUrgent(ConversationEscalated escalated) => escalated.Priority == EscalationPriority.Urgent;

    /// <summary>
    /// One line about the escalation, ending with a link to its conversation (Slack's <c>&lt;url|text&gt;</c>) when
    /// the inbox's address is configured. The number is redacted: chat channels are no place for personal data.
    /// </summary>
    public static string Line(ConversationEscalated escalated, string? inboxUrl = null, Guid? conversationId = null)
    {
        var topic = escalated.Topic is { Length: > 0 } t ? $" ({t})" : "";
        var link = !string.IsNullOrWhiteSpace(inboxUrl) && conversationId is { } id
            ? $" <{inboxUrl.TrimEnd('/')}/#{id:D}|open in the inbox>"
            : "";
        return $"{StoredNames.Of(escalated.Priority)} escalation: {Redact.Phone(escalated.CustomerNumber)} on {Redact.Phone(escalated.BusinessNumber)} needs a person: {StoredNames.Of(escalated.Reason)}{topic}{link}";
    }

    /// <summary>The text of one post: one line, or a count and one line per escalation.</summary>
    public static string Post(IReadOnlyList<string> lines) => lines.Count == 1
        ? lines[0]
        : $"{lines.Count} conversations need a person:\n" + string.Join("\n", lines.Select(l => "• " + l));

    /// <summary>
    /// Whether a rule's waiting notifications go now: any urgent one, or the oldest has waited a whole batch period.
    /// </summary>
    public static bool Due(bool anyUrgent, DateTimeOffset oldest, DateTimeOffset now, TimeSpan batch) =>
        anyUrgent || now - oldest >= batch;

    /// <summary>
    /// Wait before trying a post again after its <paramref name="attempts"/>-th failure: <paramref name="first"/>, then
    /// twice as long after each further failure (2, 4, 8 … seconds by default), never more than <paramref name="max"/>.
    /// </summary>
    public static TimeSpan RetryDelay(int attempts, TimeSpan first, TimeSpan max) =>
        TimeSpan.FromTicks((long)Math.Min(max.Ticks, first.Ticks * Math.Pow(2, Math.Clamp(attempts, 1, 40) - 1)));
}
