using Microsoft.Extensions.Logging;

namespace Sms.Conversations.Extensions;

/// <summary>The satisfaction survey's log lines: ids and scores only, never a number or a text.</summary>
public static partial class CsatLog
{
    [LoggerMessage(EventId = 5562, Level = LogLevel.Information, Message = "Survey {PromptMessageId} of conversation {ConversationId} scored {Score}{Reopened}")]
    public static partial void ScoreStored(this ILogger logger, Guid promptMessageId, Guid conversationId, int score, string reopened);

    [LoggerMessage(EventId = 5563, Level = LogLevel.Debug, Message = "Score of survey {PromptMessageId} not stored: {Outcome}")]
    public static partial void ScoreNotStored(this ILogger logger, Guid promptMessageId, Data.CsatOutcome outcome);

    [LoggerMessage(EventId = 5564, Level = LogLevel.Warning, Message = "Reply {InboundMessageId} to survey {PromptMessageId} carries no score (action {Action}): ignored")]
    public static partial void NoScore(this ILogger logger, Guid inboundMessageId, Guid promptMessageId, string action);
}
