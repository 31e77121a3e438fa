using Microsoft.Extensions.Logging;

namespace Sms.Conversations.Extensions;

/// <summary>
/// The consumers' log lines. Phone numbers are passed already redacted (<c>Redact.Phone</c>); message text is never
/// logged.
/// </summary>
public static partial class ConversationsLog
{
    [LoggerMessage(EventId = 5501, Level = LogLevel.Debug, Message = "Inbound {MessageId} from {Customer} stored in its thread")]
    public static partial void InboundStored(this ILogger logger, Guid messageId, string customer);

    [LoggerMessage(EventId = 5502, Level = LogLevel.Debug, Message = "Outbound {MessageId} to {Customer} stored as {Status}")]
    public static partial void OutboundStored(this ILogger logger, Guid messageId, string customer, string status);

    [LoggerMessage(EventId = 5503, Level = LogLevel.Debug, Message = "Receipt {Status} for carrier message {ProviderMessageId} recorded")]
    public static partial void ReceiptRecorded(this ILogger logger, string providerMessageId, string status);

    [LoggerMessage(EventId = 5504, Level = LogLevel.Debug, Message = "Inbound {MessageId} marked handled by {HandledBy}")]
    public static partial void InboundMarked(this ILogger logger, Guid messageId, string handledBy);

    [LoggerMessage(EventId = 5505, Level = LogLevel.Information, Message = "Conversation with {Customer} escalated ({Reason}, inbound {MessageId})")]
    public static partial void Escalated(this ILogger logger, string customer, string reason, Guid messageId);

    [LoggerMessage(EventId = 5506, Level = LogLevel.Debug, Message = "{MessageType} {Key} already stored: nothing changed")]
    public static partial void AlreadyStored(this ILogger logger, string messageType, string key);

    [LoggerMessage(EventId = 5507, Level = LogLevel.Debug, Message = "{MessageType} names no inbound message: nothing to mark")]
    public static partial void NoInboundMessage(this ILogger logger, string messageType);

    [LoggerMessage(EventId = 5508, Level = LogLevel.Debug, Message = "Contact {Customer} profile change {ChangeId} applied")]
    public static partial void ProfileChanged(this ILogger logger, string customer, Guid changeId);

    [LoggerMessage(EventId = 5509, Level = LogLevel.Debug, Message = "Consent of {Customer} to {Scope} ({Purposes}) recorded as {State}")]
    public static partial void ConsentRecorded(this ILogger logger, string customer, string scope, string purposes, string state);

    [LoggerMessage(EventId = 5510, Level = LogLevel.Warning,
        Message = "{Failed} of a batch of {Count} {MessageType} could not be stored ({Error}); the others are stored, the failed ones are retried alone")]
    public static partial void BatchPartlyStored(this ILogger logger, string messageType, int count, int failed, string error);

    [LoggerMessage(EventId = 5511, Level = LogLevel.Information, Message = "{Count} contacts published as asked by {RequestedBy}")]
    public static partial void ContactsPublished(this ILogger logger, int count, string requestedBy);

    [LoggerMessage(EventId = 5570, Level = LogLevel.Information, Message = "Consent review {ReviewId} of {Customer} ({Scope}) waits for an agent")]
    public static partial void ConsentReviewStored(this ILogger logger, Guid reviewId, string customer, string scope);

    [LoggerMessage(EventId = 5571, Level = LogLevel.Information,
        Message = "Consent review {ReviewId}: {Decision} by {DecidedBy} recorded ({Outcome}); the review is {Status}")]
    public static partial void ConsentReviewDecisionRecorded(this ILogger logger, Guid reviewId, string decision, string decidedBy, string outcome, string status);
}
