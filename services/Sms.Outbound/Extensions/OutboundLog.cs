namespace Sms.Outbound.Extensions;

/// <summary>
/// Outbound's log lines. Numbers appear only redacted (<c>Redact.Phone</c>); message text and secrets never.
/// </summary>
internal static partial class OutboundLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug,
        Message = "SMS {MessageId} sent via {Provider} to {To} in {Segments} part(s) ({Encoding})")]
    public static partial void SmsSent(this ILogger logger, Guid messageId, string provider, string to, int segments, string encoding);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning,
        Message = "SMS {MessageId} only partly accepted by {Provider}: {Accepted} part(s) accepted, {Refused} refused (first: {Code} {Reason}); counted as sent")]
    public static partial void SmsPartlyAccepted(this ILogger logger, Guid messageId, string provider, int accepted, int refused, string? code, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning,
        Message = "SMS {MessageId} refused by {Provider}: {Code} {Reason}")]
    public static partial void SmsRefused(this ILogger logger, Guid messageId, string provider, string? code, string reason);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning,
        Message = "SMS {MessageId} not sent yet, {Provider} temporarily unavailable: {Code} {Reason}; the send will be retried")]
    public static partial void CarrierUnavailable(this ILogger logger, Guid messageId, string provider, string? code, string reason);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning,
        Message = "SMS {MessageId}: outcome at {Provider} unknown ({Why}); not retried, to avoid sending it twice")]
    public static partial void CarrierOutcomeUnknown(this ILogger logger, string provider, Guid messageId, string why);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information,
        Message = "SMS {MessageId} already sent; SmsSent published again, the carrier was not called")]
    public static partial void DuplicateAlreadySent(this ILogger logger, Guid messageId);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning,
        Message = "SMS {MessageId} was sent but its outcome could not be recorded for redeliveries")]
    public static partial void RecordFailed(this ILogger logger, Exception exception, Guid messageId);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning,
        Message = "No send slot free within {Seconds} s (rate limit); the send goes back to the bus's retry")]
    public static partial void NoSendSlot(this ILogger logger, int seconds);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information,
        Message = "SMS {MessageId} not taken by the carrier ({Code} {Reason}); attempt {Attempt} in {Delay}")]
    public static partial void CarrierRetry(this ILogger logger, Guid messageId, int attempt, string? code, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning,
        Message = "Carrier circuit opened: the carrier keeps failing; no request goes to it for {BreakDuration}, sends wait on the queue")]
    public static partial void CircuitOpened(this ILogger logger, TimeSpan breakDuration);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Information, Message = "Carrier circuit closed: the carrier answers again")]
    public static partial void CircuitClosed(this ILogger logger);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Warning,
        Message = "A send's rate-limit slot could not be moved to its end; the next sends may follow it a little early")]
    public static partial void RestampFailed(this ILogger logger, Exception exception);
}
