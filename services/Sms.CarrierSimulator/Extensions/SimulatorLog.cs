namespace Sms.CarrierSimulator.Extensions;

/// <summary>Source-generated log messages of the DEVELOPMENT CARRIER. Phone numbers are redacted, bodies never logged.</summary>
public static partial class SimulatorLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "DEVELOPMENT CARRIER: Sms.CarrierSimulator fakes the Vonage SMS API on {Urls}; it never delivers a real SMS. Do not use it in production.")]
    public static partial void DevelopmentCarrierStarted(ILogger logger, string urls);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Accepted SMS to {To} in {Segments} part(s) as {Type} (first message id {MessageId})")]
    public static partial void SmsAccepted(ILogger logger, string to, int segments, string type, string messageId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Rejected SMS with Vonage status {Status}: {ErrorText}")]
    public static partial void SmsRejected(ILogger logger, int status, string errorText);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Injected fault: SMS to {To} answered Vonage status {Status}")]
    public static partial void FaultAnswered(ILogger logger, string to, int status);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Delivery receipt for {MessageId} to {To} answered {Status}")]
    public static partial void DeliveryReceiptSent(ILogger logger, string messageId, string to, int status);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Delivery receipt for {MessageId} refused by {Target} with HTTP {Status}")]
    public static partial void DeliveryReceiptRefused(ILogger logger, string messageId, Uri target, int status);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Delivery receipt for {MessageId} could not reach {Target}: {Error}")]
    public static partial void DeliveryReceiptFailed(ILogger logger, string messageId, Uri target, string error);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Delivery receipt queue full: receipts for {MessageId} dropped")]
    public static partial void DeliveryReceiptsDropped(ILogger logger, string messageId);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Inbound SMS {MessageId} from {From} sent to {Target} ({Signed}): HTTP {Status}")]
    public static partial void InboundSent(ILogger logger, string messageId, string from, Uri target, string signed, int status);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Inbound SMS {MessageId} could not reach {Target}: {Error}")]
    public static partial void InboundFailed(ILogger logger, string messageId, Uri target, string error);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information,
        Message = "Fault set: next {Times} SMS to {To}: Vonage status {Status}, HTTP {HttpStatus}, delay {DelayMs} ms, drop {Drop}")]
    public static partial void FaultSet(ILogger logger, string to, int? status, int? httpStatus, int? delayMs, bool drop, int times);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Injected fault: SMS to {To} answered after {DelayMs} ms")]
    public static partial void FaultDelayed(ILogger logger, string to, int delayMs);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Injected fault: connection of the SMS to {To} dropped without an answer")]
    public static partial void FaultDropped(ILogger logger, string to);

    [LoggerMessage(EventId = 14, Level = LogLevel.Information, Message = "Injected fault: SMS to {To} answered HTTP {HttpStatus}")]
    public static partial void FaultHttpStatus(ILogger logger, string to, int httpStatus);
}
