using Microsoft.Extensions.Logging;

namespace Sms.Router.Extensions;

/// <summary>
/// The router's log events (source-generated). Numbers are redacted by the caller; reply text is never logged.
/// </summary>
public static partial class RouterLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug,
        Message = "Session {SessionId} ({SessionType}) opened for {Customer} on {BusinessNumber}, expires {ExpiresAt:o}")]
    public static partial void SessionOpened(this ILogger logger, Guid sessionId, string sessionType, string customer, string businessNumber, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Session {SessionId} not stored again: {Result}")]
    public static partial void SessionNotStored(this ILogger logger, Guid sessionId, string result);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug,
        Message = "Reply {InboundMessageId} from {Customer} answers session {SessionId} ({SessionType}): {Action}, ambiguous {Ambiguous}")]
    public static partial void ReplyClassified(this ILogger logger, Guid inboundMessageId, string customer, Guid sessionId, string sessionType, string action, bool ambiguous);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information,
        Message = "Reply {InboundMessageId} from {Customer} escalated: {Reason}, priority {Priority}")]
    public static partial void ReplyEscalated(this ILogger logger, Guid inboundMessageId, string customer, string reason, string priority);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information,
        Message = "Reply {InboundMessageId} was classified before; repeating the same outcome")]
    public static partial void ReplyRepeated(this ILogger logger, Guid inboundMessageId);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information,
        Message = "Session {SessionId} was answered by another reply before {InboundMessageId}; deciding again")]
    public static partial void SessionTakenMeanwhile(this ILogger logger, Guid sessionId, Guid inboundMessageId);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information,
        Message = "Reply {InboundMessageId} from {Customer} not understood in session {SessionId}; clarification {Attempt}")]
    public static partial void ReplyClarified(this ILogger logger, Guid inboundMessageId, string customer, Guid sessionId, int attempt);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information,
        Message = "Session {SessionId} ({SessionType}) for {Customer} on {BusinessNumber} expired unanswered at {ExpiredAt:o}")]
    public static partial void SessionExpired(this ILogger logger, Guid sessionId, string sessionType, string customer, string businessNumber, DateTimeOffset expiredAt);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "Polling expired sessions failed; trying again in {Delay}")]
    public static partial void ExpiryPollFailed(this ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information,
        Message = "Flow {FlowName} run {FlowRunId} started for {Customer}: step {Step} sent as {MessageId}")]
    public static partial void FlowStarted(this ILogger logger, string flowName, Guid flowRunId, string customer, string step, Guid messageId);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information,
        Message = "Flow {FlowName} run {FlowRunId} step {Step} answered by {InboundMessageId}: next {Next}, completed {Completed}, escalated {Escalated}")]
    public static partial void FlowStepAnswered(this ILogger logger, string flowName, Guid flowRunId, string step, Guid inboundMessageId, string next, bool completed, bool escalated);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Information,
        Message = "Flow {FlowName} run {FlowRunId} step {Step} got no reply in time (session {SessionId}): next {Next}")]
    public static partial void FlowStepTimedOut(this ILogger logger, string flowName, Guid flowRunId, string step, Guid sessionId, string next);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Warning,
        Message = "Session {SessionId} belongs to flow run {FlowRunId}, but {Problem}; the run stops here")]
    public static partial void FlowLost(this ILogger logger, Guid sessionId, Guid flowRunId, string problem);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Debug,
        Message = "Reply {InboundMessageId} from {Customer} left to people: the conversation is theirs ({Owner})")]
    public static partial void ReplyLeftToPeople(this ILogger logger, Guid inboundMessageId, string customer, string owner);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Information,
        Message = "Flow {FlowName} run {FlowRunId} step {Step} answered by {InboundMessageId} while people own the conversation; the run stops here")]
    public static partial void FlowStoppedForPeople(this ILogger logger, string flowName, Guid flowRunId, string step, Guid inboundMessageId);

    [LoggerMessage(EventId = 2016, Level = LogLevel.Debug,
        Message = "Conversation {ConversationId} owned by {Owner} (version {Version}, {Reason})")]
    public static partial void OwnerChanged(this ILogger logger, Guid conversationId, string owner, long version, string reason);

    [LoggerMessage(EventId = 2017, Level = LogLevel.Information,
        Message = "Flow {FlowName} run {FlowRunId} step {Step} timed out while people own the conversation; nothing sent, the run stops here")]
    public static partial void FlowTimeoutLeftToPeople(this ILogger logger, string flowName, Guid flowRunId, string step);
}
