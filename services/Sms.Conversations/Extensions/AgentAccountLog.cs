using Microsoft.Extensions.Logging;

namespace Sms.Conversations.Extensions;

/// <summary>Changes to agent accounts (each is also recorded in <c>conversations.agent_account_changes</c>).</summary>
public static partial class AgentAccountLog
{
    [LoggerMessage(EventId = 5580, Level = LogLevel.Information,
        Message = "Agent account {Agent}: {Action} by {Actor}; {SessionsEnded} session(s) ended, {Released} conversation(s) back to the queue")]
    public static partial void AccountChanged(this ILogger logger, string agent, string action, string actor, int sessionsEnded, int released);

    [LoggerMessage(EventId = 5581, Level = LogLevel.Information, Message = "Agent account {Agent}: {Action} by {Actor} refused, it is the last enabled admin")]
    public static partial void LastAdminKept(this ILogger logger, string agent, string action, string actor);

    [LoggerMessage(EventId = 5589, Level = LogLevel.Debug, Message = "Inbox pass for {Service} issued to {Agent}")]
    public static partial void PassIssued(this ILogger logger, string agent, string service);
}
