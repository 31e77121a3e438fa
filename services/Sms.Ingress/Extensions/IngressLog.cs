using Microsoft.Extensions.Logging;

namespace Sms.Ingress.Extensions;

/// <summary>
/// The ingress's log lines, source-generated. Phone numbers arrive already redacted (<c>Redact.Phone</c>);
/// message text is never logged.
/// </summary>
public static partial class IngressLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug,
        Message = "Inbound SMS {ProviderMessageId} from {From} to {To} ({TextLength} chars) published as {MessageId}")]
    public static partial void InboundPublished(ILogger logger, string providerMessageId, string from, string to, int textLength, Guid messageId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug,
        Message = "Inbound SMS {ProviderMessageId} is part {Part} of {Total} from {From}: stored ({Stored} of the parts so far)")]
    public static partial void ConcatPartStored(ILogger logger, string providerMessageId, int part, int total, int stored, string from);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information,
        Message = "Concatenated inbound SMS from {From} to {To} published as {MessageId}: {Parts} of {Total} parts (incomplete: {Incomplete}, {TextLength} chars)")]
    public static partial void ConcatenatedPublished(ILogger logger, Guid messageId, int parts, int total, bool incomplete, string from, string to, int textLength);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information,
        Message = "Inbound SMS {ProviderMessageId} was published before; answered 204 without publishing again")]
    public static partial void DuplicateInbound(ILogger logger, string providerMessageId);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information,
        Message = "Inbound SMS {ProviderMessageId} is being published by another request; answered 503 so the carrier retries")]
    public static partial void InboundBeingPublished(ILogger logger, string providerMessageId);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning,
        Message = "Inbound SMS {ProviderMessageId} says it is part of a concatenated message but {Problem}: published as its own message")]
    public static partial void ConcatenationUnusable(ILogger logger, string providerMessageId, string problem);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug,
        Message = "Delivery receipt {ProviderMessageId} for {MessageId} to {To}: {Status} (err-code {ErrorCode}) published")]
    public static partial void DeliveryReceiptPublished(ILogger logger, string providerMessageId, Guid? messageId, string to, string status, string? errorCode);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning,
        Message = "Delivery receipt {ProviderMessageId} has a status {Provider} did not document ('{RawStatus}'); published as Unknown")]
    public static partial void UnrecognisedDeliveryStatus(ILogger logger, string provider, string providerMessageId, string rawStatus);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug,
        Message = "Delivery receipt {ProviderMessageId} carries client-ref '{ClientRef}', which is not one of our message ids")]
    public static partial void ForeignClientRef(ILogger logger, string providerMessageId, string clientRef);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning,
        Message = "{Provider} {Webhook} webhook refused ({Reason}): {Detail}")]
    public static partial void WebhookRejected(ILogger logger, string provider, string webhook, string reason, string detail);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning,
        Message = "Vonage {Webhook} webhook is unsigned and was accepted because Vonage:RequireSignedWebhooks is false")]
    public static partial void UnsignedWebhookAccepted(ILogger logger, string webhook);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning,
        Message = "Twilio {Webhook} webhook is unsigned and was accepted because Twilio:RequireSignedWebhooks is false")]
    public static partial void UnsignedTwilioWebhookAccepted(ILogger logger, string webhook);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Information,
        Message = "{Provider} status {Status} for {ProviderMessageId} was published before; answered without publishing again")]
    public static partial void DuplicateStatusCallback(ILogger logger, string provider, string providerMessageId, string status);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Debug,
        Message = "Send {MessageId} to {To} ({Category}, prompt: {HasPrompt}) accepted from upstream")]
    public static partial void SendAccepted(ILogger logger, Guid messageId, string to, string category, bool hasPrompt);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Information,
        Message = "Send request refused: invalid {Fields}")]
    public static partial void SendRefused(ILogger logger, string fields);

    [LoggerMessage(EventId = 1030, Level = LogLevel.Error,
        Message = "Publishing {MessageType} {MessageId} did not complete within {Timeout}; answered 503 so the caller retries")]
    public static partial void PublishTimedOut(ILogger logger, string messageType, Guid? messageId, TimeSpan timeout);

    [LoggerMessage(EventId = 1032, Level = LogLevel.Error,
        Message = "Publishing {MessageType} {MessageId} was returned by the broker: no queue is bound for it (is the consuming service's topology deployed?); answered 503 so the caller retries")]
    public static partial void PublishUnroutable(ILogger logger, string messageType, Guid? messageId);

    [LoggerMessage(EventId = 1031, Level = LogLevel.Error,
        Message = "Publishing {MessageType} {MessageId} failed; answered 503 so the caller retries")]
    public static partial void PublishFailed(ILogger logger, Exception exception, string messageType, Guid? messageId);

    [LoggerMessage(EventId = 1040, Level = LogLevel.Error,
        Message = "Redis did not answer while handling inbound SMS {ProviderMessageId}; answered 503 so the carrier retries (publishing unchecked could publish it twice)")]
    public static partial void RedisUnavailable(ILogger logger, Exception exception, string providerMessageId);

    [LoggerMessage(EventId = 1041, Level = LogLevel.Warning,
        Message = "Inbound SMS {ProviderMessageId} was published but Redis did not record it; a carrier retry after the publishing claim lapses would publish it again under the same MessageId")]
    public static partial void PublishedNotRemembered(ILogger logger, Exception exception, string providerMessageId);

    [LoggerMessage(EventId = 1042, Level = LogLevel.Warning,
        Message = "The claim on inbound SMS {ProviderMessageId} could not be released after a failed publish; it lapses on its own")]
    public static partial void ClaimNotReleased(ILogger logger, Exception exception, string providerMessageId);

    [LoggerMessage(EventId = 1043, Level = LogLevel.Warning,
        Message = "Redis did not answer while looking for concatenated messages past their timeout; trying again")]
    public static partial void ConcatTimeoutsUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1044, Level = LogLevel.Error,
        Message = "The parts of concatenated message {Key} expired in Redis before they could be published")]
    public static partial void ConcatPartsExpired(ILogger logger, string key);

    [LoggerMessage(EventId = 1050, Level = LogLevel.Warning,
        Message = "A refused {Webhook} webhook ({Reason}) could not be kept in Redis for inspection; answered {Status} all the same")]
    public static partial void RejectedWebhookNotKept(ILogger logger, Exception exception, string webhook, string reason, int status);

    [LoggerMessage(EventId = 1051, Level = LogLevel.Warning, Message = "{Warning}")]
    public static partial void RedisNotPersistent(ILogger logger, string warning);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Information,
        Message = "Vonage {Webhook} webhook signed longer ago than the signature tolerance accepted as a late retry (within Vonage:LateRetryWindowHours)")]
    public static partial void LateRetryAccepted(ILogger logger, string webhook);

    [LoggerMessage(EventId = 1060, Level = LogLevel.Warning,
        Message = "Inbound SMS {MessageId} from {Provider}: a character in its text could not be stored or sent (U+0000, or half of a surrogate pair) and was replaced (U+0000 as @, the other as U+FFFD) before publishing")]
    public static partial void TextRepaired(ILogger logger, Guid messageId, string provider);

    [LoggerMessage(EventId = 1070, Level = LogLevel.Debug,
        Message = "Tracked link {LinkId} of campaign {CampaignId} opened: redirected ({Outcome})")]
    public static partial void TrackedLinkOpened(ILogger logger, long linkId, Guid campaignId, string outcome);

    [LoggerMessage(EventId = 1071, Level = LogLevel.Debug,
        Message = "Tracked link refused with 404: {Reason}")]
    public static partial void TrackedLinkRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 1072, Level = LogLevel.Debug,
        Message = "Tracked link {LinkId} is not one Campaigns has; answered 404")]
    public static partial void TrackedLinkUnknown(ILogger logger, long linkId);

    [LoggerMessage(EventId = 1073, Level = LogLevel.Warning,
        Message = "Tracked link {LinkId} leads to an address that is not an absolute http or https address; answered 404 rather than redirect there")]
    public static partial void TrackedLinkUnsafe(ILogger logger, long linkId);

    [LoggerMessage(EventId = 1074, Level = LogLevel.Warning,
        Message = "Where tracked link {LinkId} leads could not be asked of Campaigns ({Problem}); answered 503")]
    public static partial void TrackedLinkUnavailable(ILogger logger, long linkId, string problem);

    [LoggerMessage(EventId = 1075, Level = LogLevel.Warning,
        Message = "The click on tracked link {LinkId} was not published ({Reason}); the customer was redirected all the same, and the click is not counted")]
    public static partial void TrackedLinkClickLost(ILogger logger, long linkId, string reason);
}
