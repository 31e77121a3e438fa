namespace Sms.Outbound.Extensions;

/// <summary>Log lines about send claims found by a redelivered or duplicated send (event ids 41xx).</summary>
public static partial class SendClaimLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information,
        Message = "SMS {MessageId} is claimed by another attempt ({AgeSeconds} s ago; a send may take up to {LimitSeconds} s); not sent, looking again later")]
    public static partial void ClaimedElsewhere(this ILogger logger, Guid messageId, double? ageSeconds, double limitSeconds);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error,
        Message = "SMS {MessageId}: the attempt that claimed it {AgeSeconds} s ago stopped mid-call (a send may take up to {LimitSeconds} s); " +
                  "outcome unknown, reported as SmsSendFailed and not sent again")]
    public static partial void StoppedMidCall(this ILogger logger, Guid messageId, double? ageSeconds, double limitSeconds);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information,
        Message = "SMS {MessageId} already reported with an unknown outcome; SmsSendFailed published again, the carrier was not called")]
    public static partial void DuplicateOutcomeUnknown(this ILogger logger, Guid messageId);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning,
        Message = "SMS {MessageId}: its unknown outcome could not be recorded; the claim stays in flight until a redelivery finds it stale")]
    public static partial void MarkUnknownFailed(this ILogger logger, Exception exception, Guid messageId);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning,
        Message = "SMS {MessageId} had been reported with an unknown outcome, but the carrier's answer came after all: recorded as sent")]
    public static partial void SentAfterMarkedUnknown(this ILogger logger, Guid messageId);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning,
        Message = "SMS {MessageId} was sent, but its claim was no longer this attempt's; the send was not recorded for redeliveries")]
    public static partial void ClaimLostBeforeRecord(this ILogger logger, Guid messageId);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Warning,
        Message = "SMS {MessageId}: the attempt that claimed it {AgeSeconds} s ago stopped before calling the carrier; claim taken over, sending now")]
    public static partial void TookOverReservedClaim(this ILogger logger, Guid messageId, double? ageSeconds);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Warning,
        Message = "SMS {MessageId}: a carrier call that sent nothing could not be recorded on its claim; if this attempt stops now, a redelivery will report an unknown outcome")]
    public static partial void NotCallingUnrecorded(this ILogger logger, Exception exception, Guid messageId);
}
