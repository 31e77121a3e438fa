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
}

/// <summary>One row of <c>conversations.messages</c>.</summary>
public sealed class MessageRow
{
    public Guid MessageId { get; init; }
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

    /// <summary>A sent message's parts with their latest receipt, in part order; null when it has no carrier ids.</summary>
    public IReadOnlyList<MessagePart>? Parts { get; set; }
}

/// <summary>
/// One part of a sent message: the carrier's id and its latest delivery status (<c>accepted</c>, <c>delivered</c>,
/// <c>failed</c>, …; <c>sent</c> before any receipt), with the carrier's error code of that receipt.
/// </summary>
public sealed record MessagePart(string ProviderMessageId, string Status, string? ErrorCode);
