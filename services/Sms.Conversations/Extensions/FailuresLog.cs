using Microsoft.Extensions.Logging;

namespace Sms.Conversations.Extensions;

/// <summary>The failed-messages view's logs: what the collector took, and each replay and discard (README, "Failed messages").</summary>
public static partial class FailuresLog
{
    [LoggerMessage(EventId = 5601, Level = LogLevel.Information, Message = "Message {MessageId} taken from {ErrorQueue} ({FaultType}) into the failed-messages view")]
    public static partial void FailedMessageCollected(this ILogger logger, string errorQueue, string messageId, string faultType);

    [LoggerMessage(EventId = 5602, Level = LogLevel.Warning, Message = "Message {MessageId} failed again after a replay ({ErrorQueue}, {FaultType}): left out of bulk replays")]
    public static partial void FailedAgainAfterReplay(this ILogger logger, string errorQueue, string messageId, string faultType);

    [LoggerMessage(EventId = 5603, Level = LogLevel.Warning, Message = "Collecting the _error queues failed; trying again on the next round")]
    public static partial void CollectFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5604, Level = LogLevel.Information, Message = "{Actor} replayed {Item}")]
    public static partial void FailureReplayed(this ILogger logger, string actor, string item);

    [LoggerMessage(EventId = 5606, Level = LogLevel.Warning, Message = "Replaying {Item} failed: the broker did not take it; it stays open")]
    public static partial void ReplayFailed(this ILogger logger, Exception exception, string item);

    [LoggerMessage(EventId = 5605, Level = LogLevel.Information, Message = "{Actor} discarded {Item}")]
    public static partial void FailureDiscarded(this ILogger logger, string actor, string item);
}
