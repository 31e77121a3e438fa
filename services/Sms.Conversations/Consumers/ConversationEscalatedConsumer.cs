using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sms.Contracts.Routing;
using Sms.Conversations.Data;
using Sms.Conversations.Notifications;
using Sms.Conversations.Threads;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Conversations.Consumers;

/// <summary>An escalated conversation waits on an agent, with the reason; the notification rules that want it are told.</summary>
public sealed class ConversationEscalatedConsumer(
    ThreadProjection projection, InboxQueries queries, NotificationStore notifications, IOptionsMonitor<NotificationOptions> notificationOptions,
    ILogger<ConversationEscalatedConsumer> logger)
    : IConsumer<ConversationEscalated>
{
    public async Task Consume(ConsumeContext<ConversationEscalated> context)
    {
        var escalated = context.Message;
        if (await projection.EscalateAsync(escalated, context.CancellationToken))
            logger.Escalated(Redact.Phone(escalated.CustomerNumber), StoredNames.Of(escalated.Reason), escalated.InboundMessageId);
        else
            logger.AlreadyStored(nameof(ConversationEscalated), escalated.InboundMessageId.ToString());

        // Queued whatever EscalateAsync answered (each rule once per escalation): a redelivery after a failure between
        // the two writes still queues what is missing. The conversation exists now, so the line can link to it.
        var options = notificationOptions.CurrentValue;
        // The team is not known here yet (team routing lands separately): rules limited to teams match nothing meanwhile.
        var rules = EscalationNotifications.Matching(options.Rules, escalated, team: null);
        if (rules.Count == 0)
            return;
        var conversationId = await queries.ConversationIdAsync(escalated.CustomerNumber, escalated.BusinessNumber, context.CancellationToken);
        foreach (var rule in rules)
        {
            var line = EscalationNotifications.Line(escalated, options.InboxUrl, conversationId, rule.Channel);
            await notifications.QueueAsync(rule.Name, escalated.InboundMessageId, EscalationNotifications.IsUrgent(escalated), line, context.CancellationToken);
        }
    }
}
