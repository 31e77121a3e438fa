using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Contracts.Routing;
using Sms.Conversations.Data;
using Sms.Conversations.Threads;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Conversations.Consumers;

/// <summary>An escalated conversation waits on an agent, with the reason.</summary>
public sealed class ConversationEscalatedConsumer(ConversationStore store, ILogger<ConversationEscalatedConsumer> logger)
    : IConsumer<ConversationEscalated>
{
    public async Task Consume(ConsumeContext<ConversationEscalated> context)
    {
        var escalated = context.Message;
        if (await store.EscalateAsync(escalated, context.CancellationToken))
            logger.Escalated(Redact.Phone(escalated.CustomerNumber), StoredNames.Of(escalated.Reason), escalated.InboundMessageId);
        else
            logger.AlreadyStored(nameof(ConversationEscalated), escalated.InboundMessageId.ToString());
    }
}
