using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sms.Contracts.Routing;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;
using Sms.Conversations.Notifications;
using Sms.Conversations.Threads;
using Sms.Conversations.Webhooks;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Conversations.Consumers;

/// <summary>
/// An escalated conversation waits on an agent, with the reason; when this hands it to people, they take it (routed to
/// a team, assigned, the customer told once: <see cref="ConversationHandoff"/>) and the notification rules that want
/// it are told. An escalation of a conversation people own already changes its status only.
/// </summary>
public sealed class ConversationEscalatedConsumer(
    ConversationHandoff handoff, InboxQueries queries, WebhookQueue webhooks, NotificationStore notifications, IOptionsMonitor<NotificationOptions> notificationOptions,
    ILogger<ConversationEscalatedConsumer> logger)
    : IConsumer<ConversationEscalated>
{
    public async Task Consume(ConsumeContext<ConversationEscalated> context)
    {
        var escalated = context.Message;
        // The customer's words pick the team by keyword when the message is stored already (it usually is: the Router
        // escalates after Compliance and the thread projection have had it); otherwise reason and topic decide.
        var text = (await queries.GetMessageAsync(escalated.InboundMessageId, context.CancellationToken))?.Text;
        var outcome = await handoff.EscalateAsync(escalated, text, context.CancellationToken);
        if (outcome.Changed)
            logger.Escalated(Redact.Phone(escalated.CustomerNumber), StoredNames.Of(escalated.Reason), escalated.InboundMessageId);
        else
            logger.AlreadyStored(nameof(ConversationEscalated), escalated.InboundMessageId.ToString());
        await webhooks.EnqueueAsync(WebhookEvents.Of(escalated), context.CancellationToken);

        // Queued whatever EscalateAsync answered (each rule once per escalation): a redelivery after a failure between
        // the two writes still queues what is missing. The conversation exists now, so the line can link to it.
        if (!outcome.HandedOver)
            return;
        var options = notificationOptions.CurrentValue;
        var rules = EscalationNotifications.Matching(options.Rules, escalated, outcome.Team);
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
