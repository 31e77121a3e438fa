using Sms.Contracts.Routing;
using Sms.Conversations.Threads;
using Sms.ServiceDefaults.Telemetry;
using Sms.Conversations.Extensions;

namespace Sms.Conversations.Notifications;

/// <summary>The decisions about escalation notifications, with no I/O.</summary>
public static class EscalationNotifications
{
    /// <summary>
    /// The rules that want this escalation: of at least their priority, of one of their reasons if they list any, and
    /// routed to one of their teams if they list any (<paramref name="team"/> null: unknown, so only rules for every team).
    /// </summary>
    public static IReadOnlyList<NotificationRule> Matching(IEnumerable<NotificationRule> rules, ConversationEscalated escalated, string? team) =>
        rules.Where(rule =>
                TryParsePriority(rule.MinimumPriority, out var minimum)
                && escalated.Priority >= minimum
                && (rule.Reasons.Count == 0 || rule.Reasons.Contains(StoredNames.Of(escalated.Reason), StringComparer.OrdinalIgnoreCase))
                && (rule.Teams.Count == 0 || (team is not null && rule.Teams.Contains(team, StringComparer.OrdinalIgnoreCase))))
            .ToList();

    /// <summary>A rule's <c>MinimumPriority</c> (<c>normal</c>, <c>high</c>, <c>urgent</c>, any case).</summary>
    public static bool TryParsePriority(string? text, out EscalationPriority priority) =>
        Enum.TryParse(text?.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out priority)
        && Enum.IsDefined(priority) && !int.TryParse(text, out _);

    public static bool IsUrgent(ConversationEscalated escalated) => escalated.Priority == EscalationPriority.Urgent;

    /// <summary>
    /// One line about the escalation, ending with a link to its conversation when the inbox's address is configured:
    /// Slack's <c>&lt;url|text&gt;</c> for a webhook, the bare address for an email (a plain-text body). The number is
    /// redacted: chat channels and mailboxes are no place for personal data.
    /// </summary>
    public static string Line(ConversationEscalated escalated, string? inboxUrl = null, Guid? conversationId = null,
        NotificationChannel channel = NotificationChannel.Webhook)
    {
        var topic = escalated.Topic is { Length: > 0 } t ? $" ({t})" : "";
        var link = "";
        if (!string.IsNullOrWhiteSpace(inboxUrl) && conversationId is { } id)
        {
            var address = $"{inboxUrl.TrimEnd('/')}/#{id:D}";
            link = channel == NotificationChannel.Email ? $" - open in the inbox: {address}" : $" <{address}|open in the inbox>";
        }
        return $"{StoredNames.Of(escalated.Priority)} escalation: {Redact.Phone(escalated.CustomerNumber)} on {Redact.Phone(escalated.BusinessNumber)} needs a person: {StoredNames.Of(escalated.Reason)}{topic}{link}";
    }

    /// <summary>The text of one post: one line, or a count and one line per escalation.</summary>
    public static string Post(IReadOnlyList<string> lines) => lines.Count == 1
        ? lines[0]
        : $"{lines.Count} conversations need a person:\n" + string.Join("\n", lines.Select(l => "• " + l));

    /// <summary>The subject of an email carrying <paramref name="count"/> notifications (its body is <see cref="Post"/>).</summary>
    public static string Subject(int count, bool anyUrgent) =>
        (anyUrgent ? "Urgent: " : "") + (count == 1
            ? (anyUrgent ? "a conversation needs a person" : "A conversation needs a person")
            : $"{count} conversations need a person");

    /// <summary>
    /// What became of an email given the replies to its recipients (<paramref name="refusals"/>: the SMTP status of each
    /// refused one): sent when any recipient took it (the refused ones are only logged, or one bad address would repeat
    /// the email to the others for ever); given up when every recipient was refused permanently (5xx: trying again
    /// cannot help); else tried again later.
    /// </summary>
    public static NotificationOutcome EmailOutcome(int recipients, IReadOnlyCollection<int> refusals) =>
        refusals.Count < recipients ? NotificationOutcome.Sent
        : refusals.All(status => status is >= 500 and < 600) ? NotificationOutcome.GivenUp
        : NotificationOutcome.Retry;

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

/// <summary>What became of one post or email of a rule's notifications.</summary>
public enum NotificationOutcome
{
    Sent,

    /// <summary>Failed, maybe for a while: tried again after a wait (<see cref="EscalationNotifications.RetryDelay"/>).</summary>
    Retry,

    /// <summary>Refused for good: never tried again; the rows stay, marked, for whoever looks into it.</summary>
    GivenUp,
}
