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
    ConversationStore store, NotificationStore notifications, IOptionsMonitor<NotificationOptions> notificationOptions,
    ILogger<ConversationEscalatedConsumer> logger)
    : IConsumer<ConversationEscalated>
{
    public async Task Consume(ConsumeContext<ConversationEscalated> context)
    {
        var escalated = context.Message;
        // Queued whatever EscalateAsync answers (each rule once per escalation): a redelivery after a failure between
        // the two writes still queues what is missing.
        foreach (var rule in EscalationNotifications.Matching(notificationOptions.CurrentValue.Rules, escalated))
        {
            await notifications.QueueAsync(rule.Name, escalated.InboundMessageId, EscalationNotifications.IsUrgent(escalated),
                EscalationNotifications.Line(escalated), context.CancellationToken);
        }
        if (await store.EscalateAsync(escalated, context.CancellationToken))
            logger.Escalated(Redact.Phone(escalated.CustomerNumber), StoredNames.Of(escalated.Reason), escalated.InboundMessageId);
        else
            logger.AlreadyStored(nameof(ConversationEscalated), escalated.InboundMessageId.ToString());
    }
}
