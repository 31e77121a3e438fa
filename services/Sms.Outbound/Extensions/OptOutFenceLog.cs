namespace Sms.Outbound.Extensions;

/// <summary>Log lines of the opt-out fence (event ids 42xx). Numbers never appear.</summary>
internal static partial class OptOutFenceLog
{
    [LoggerMessage(EventId = 4201, Level = LogLevel.Information,
        Message = "Opt-out confirmation {MessageId} waited {Milliseconds} ms for {Sends} send(s) to the recipient already at the carrier")]
    public static partial void ConfirmationWaited(this ILogger logger, Guid messageId, int sends, double milliseconds);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning,
        Message = "SMS {MessageId} withheld: {Reason}")]
    public static partial void SendWithheld(this ILogger logger, Guid messageId, string reason);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Warning,
        Message = "SMS {MessageId}: its opt-out fence registration could not be removed; an opt-out confirmation may wait for it until it lapses")]
    public static partial void FenceLeaveFailed(this ILogger logger, Exception exception, Guid messageId);
}
