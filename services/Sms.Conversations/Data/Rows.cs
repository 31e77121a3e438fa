namespace Sms.Conversations.Data;

/// <summary>A conversation as listed (one row of <c>conversations.conversations</c> with its message count).</summary>
public sealed class ConversationRow
{
    public Guid Id { get; init; }
    public required string CustomerNumber { get; init; }
    public required string BusinessNumber { get; init; }
    public required string Status { get; init; }
    public string? EscalationReason { get; init; }

    /// <summary>UTC (timestamptz is read as a UTC <see cref="DateTime"/>).</summary>
    public DateTime LastMessageAt { get; init; }

    public long MessageCount { get; init; }

    public string? EscalationPriority { get; init; }
    public string? Assignee { get; init; }
    public bool Flagged { get; init; }
    public string[] Labels { get; init; } = [];
    public int UnreadCount { get; init; }

    /// <summary>The SLA clock (UTC): the oldest unanswered customer message; null when answered.</summary>
    public DateTime? WaitingSince { get; init; }

    public string? LastMessagePreview { get; init; }
    public string? ContactName { get; init; }

    /// <summary><c>automation</c> or <c>people</c> (README, "Who owns a conversation").</summary>
    public string Owner { get; init; } = "automation";

    /// <summary>The team whose people own it, or owned it last.</summary>
    public string? Team { get; init; }

    /// <summary>Why the last escalation went to that team ("topic billing", "default team").</summary>
    public string? RoutedBy { get; init; }

    /// <summary>The SLA clock in the team's business time, in seconds, as of the read (null: nobody waits).</summary>
    public long? WaitingBusinessSeconds { get; set; }

    /// <summary>The latest satisfaction score the customer gave (1 to 5), and when (UTC); null when none.</summary>
    public int? CsatScore { get; init; }

    public DateTime? CsatAnsweredAt { get; init; }
}

/// <summary>One row of <c>conversations.contacts</c>.</summary>
public sealed class ContactRow
{
    public required string Number { get; init; }
    public string? Name { get; init; }

    /// <summary>The attributes as JSON text (jsonb).</summary>
    public string Attributes { get; init; } = "{}";

    public string[] Labels { get; init; } = [];
    public int EngagementScore { get; init; }

    /// <summary>The newest consent change whatever its brand and purpose (<c>consent_*</c>); "unknown" when none.</summary>
    public string ConsentState { get; init; } = "unknown";

    public string? ConsentScope { get; init; }
    public string? ConsentSource { get; init; }
    public DateTime? ConsentChangedAt { get; init; }

    /// <summary>The consent per brand and purpose (<c>conversations.contact_consents</c>), by brand then purpose.</summary>
    public IReadOnlyList<ContactConsentRow> Consents { get; set; } = [];
}

/// <summary>One row of <c>conversations.contact_consents</c>: a contact's consent to one brand for one purpose.</summary>
public sealed class ContactConsentRow
{
    public required string Scope { get; init; }
    public required string Purpose { get; init; }
    public required string State { get; init; }
    public required string Source { get; init; }
    public string? Rule { get; init; }
    public DateTime ChangedAt { get; init; }
}

/// <summary>A prompt sent in a conversation: the session context the agent sees.</summary>
public sealed class PromptRow
{
    public Guid PromptMessageId { get; init; }
    public required string SessionType { get; init; }
    public string? CampaignId { get; init; }

    /// <summary>JSON object: reply → action.</summary>
    public required string Options { get; init; }

    /// <summary>JSON object: key → value.</summary>
    public required string Context { get; init; }

    public DateTime SentAt { get; init; }
}

/// <summary>A step of a message's status timeline.</summary>
public sealed record TimelineStep(string Status, DateTimeOffset At, string? Detail);

/// <summary>A saved reply agents pick from.</summary>
public sealed class CannedResponseRow
{
    public Guid Id { get; init; }
    public required string Title { get; init; }
    public required string Text { get; init; }
}

/// <summary>One row of <c>conversations.messages</c>.</summary>
public sealed class MessageRow
{
    public Guid MessageId { get; init; }

    /// <summary>Insertion order; breaks ties between messages of the same instant.</summary>
    public long Seq { get; init; }

    public Guid? ConversationId { get; init; }
    public required string Direction { get; init; }

    /// <summary>Null only on a placeholder: an inbound message marked by a later event before it was stored itself.</summary>
    public string? Text { get; init; }

    public required string CustomerNumber { get; init; }
    public string? BusinessNumber { get; init; }
    public string? Category { get; init; }
    public string? Origin { get; init; }
    public required string Status { get; init; }
    public string? StatusDetail { get; init; }
    public string[]? ProviderMessageIds { get; init; }
    public int? Segments { get; init; }
    public string? Encoding { get; init; }
    public Guid? InReplyTo { get; init; }
    public string? HandledBy { get; init; }
    public string? Action { get; init; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; init; }

    /// <summary>The agent who wrote it (agent replies sent through the inbox).</summary>
    public string? SentBy { get; init; }

    /// <summary>A sent message's parts with their latest receipt, in part order; null when it has no carrier ids.</summary>
    public IReadOnlyList<MessagePart>? Parts { get; set; }

    /// <summary>What happened to it and when, oldest first (filled by the inbox's thread query).</summary>
    public IReadOnlyList<TimelineStep>? Timeline { get; set; }

    /// <summary>Its pictures and files, in order (filled by the inbox's thread query); empty for most messages.</summary>
    public IReadOnlyList<AttachmentRow> Attachments { get; set; } = [];
}

/// <summary>
/// One part of a sent message: the carrier's id and its latest delivery status (<c>accepted</c>, <c>delivered</c>,
/// <c>failed</c>, …; <c>sent</c> before any receipt), with the carrier's error code of that receipt.
/// </summary>
public sealed record MessagePart(string ProviderMessageId, string Status, string? ErrorCode);
