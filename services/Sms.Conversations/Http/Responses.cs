namespace Sms.Conversations.Http;

/// <summary>One conversation in <c>GET /v1/conversations</c>.</summary>
public sealed record ConversationSummary(
    Guid Id,
    string CustomerNumber,
    string BusinessNumber,
    string Status,
    string? EscalationReason,
    DateTimeOffset LastMessageAt,
    long MessageCount);

/// <summary>One message in <c>GET /v1/conversations/by-number/{customerNumber}/messages</c>.</summary>
public sealed record ThreadMessage(
    Guid MessageId,
    string Direction,
    string? Text,
    string CustomerNumber,
    string? BusinessNumber,
    string? Category,
    string? Origin,
    string Status,
    string? StatusDetail,
    IReadOnlyList<string>? ProviderMessageIds,
    int? Segments,
    string? Encoding,
    Guid? InReplyTo,
    string? HandledBy,
    string? Action,
    DateTimeOffset CreatedAt,
    IReadOnlyList<Data.MessagePart>? Parts = null);
