using Microsoft.Extensions.Logging;
using Sms.Contracts.Compliance;

namespace Sms.Compliance.Extensions;

/// <summary>Source-generated log messages. Numbers are passed redacted (<c>Redact.Phone</c>); message bodies never.</summary>
public static partial class ComplianceLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Opt-out recorded for {Number} ({Rule})")]
    public static partial void OptOutRecorded(this ILogger logger, string number, string rule);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Opt-in recorded for {Number} ({Rule})")]
    public static partial void OptInRecorded(this ILogger logger, string number, string rule);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Help requested by {Number} ({Rule})")]
    public static partial void HelpRequested(this ILogger logger, string number, string rule);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information,
        Message = "Inbound message {MessageId} was handled before; its consent events are published again")]
    public static partial void ConsentChangeRepublished(this ILogger logger, Guid messageId);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information,
        Message = "No reply to {Rule} from {Number}: it was answered less than a minute ago")]
    public static partial void ReplyLimited(this ILogger logger, string number, string rule);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning,
        Message = "Inbound message {MessageId} comes from {Number}, which is not an E.164 number; consent is keyed on it as given")]
    public static partial void SenderNotE164(this ILogger logger, Guid messageId, string number);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning,
        Message = "RecordOptOut {RequestId} refused and sent to the error queue: {Reason}")]
    public static partial void RecordOptOutRefused(this ILogger logger, Guid requestId, string reason);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information,
        Message = "RecordOptOut {RequestId} was recorded before; nothing recorded again, its OptOutRecorded published again")]
    public static partial void RecordOptOutAlreadyRecorded(this ILogger logger, Guid requestId);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Information,
        Message = "Carrier opt-out of {Number} ({Rule}) was recorded before; nothing recorded again, its OptOutRecorded published again")]
    public static partial void CarrierOptOutAlreadyRecorded(this ILogger logger, string number, string rule);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information, Message = "Send {MessageId} deferred by quiet hours until {ReleaseAt:o}")]
    public static partial void SendDeferred(this ILogger logger, Guid messageId, DateTimeOffset releaseAt);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Information, Message = "{Count} deferred sends released")]
    public static partial void DeferredSendsReleased(this ILogger logger, int count);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Warning, Message = "Releasing deferred sends failed; the next poll tries again")]
    public static partial void DeferredSendsReleaseFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Debug, Message = "Send {MessageId} approved")]
    public static partial void SendApproved(this ILogger logger, Guid messageId);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Send {MessageId} to {Number} suppressed: {Reason}")]
    public static partial void SendSuppressed(this ILogger logger, Guid messageId, string number, SuppressionReason reason);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "Message {MessageId} from {Number} may ask to stop (score {Score:0.00}, {Rule}); review {ReviewId} opened, marketing held")]
    public static partial void ReviewOpened(this ILogger logger, Guid messageId, string number, double score, string rule, Guid reviewId);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "Review {ReviewId}: {Decision} by {DecidedBy} {Outcome}; status {Status}")]
    public static partial void ReviewDecided(this ILogger logger, Guid reviewId, ConsentReviewDecision decision, string decidedBy, string outcome, ConsentReviewStatus status);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Warning, Message = "DecideConsentReview {RequestId} names no known review {ReviewId}")]
    public static partial void ReviewUnknown(this ILogger logger, Guid requestId, Guid reviewId);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Information, Message = "Double opt-in asked of {Number} in {Scope}")]
    public static partial void DoubleOptInAsked(this ILogger logger, string number, string scope);

    [LoggerMessage(EventId = 3024, Level = LogLevel.Information, Message = "Double opt-in confirmed by {Number} in {Scope}: marketing granted")]
    public static partial void DoubleOptInConfirmed(this ILogger logger, string number, string scope);

    [LoggerMessage(EventId = 3025, Level = LogLevel.Information, Message = "Send {MessageId} held while a review of its recipient is pending; checked again at {RecheckAt:o}")]
    public static partial void SendHeldForReview(this ILogger logger, Guid messageId, DateTimeOffset recheckAt);

    [LoggerMessage(EventId = 3026, Level = LogLevel.Debug, Message = "Dry run of {Count} sends: {Approved} would be approved")]
    public static partial void SendsEvaluated(this ILogger logger, int count, int approved);
}
