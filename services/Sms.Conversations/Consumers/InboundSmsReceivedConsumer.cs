using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Contracts.Inbound;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;
using Sms.Conversations.Webhooks;
using Sms.ServiceDefaults.Messaging;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Conversations.Consumers;

/// <summary>A customer's message joins the thread of (customer, our number); a resolved conversation opens again.</summary>
public sealed class InboundSmsReceivedConsumer(ThreadProjection projection, WebhookQueue webhooks, ILogger<InboundSmsReceivedConsumer> logger)
    : IConsumer<Batch<InboundSmsReceived>>
{
    public async Task Consume(ConsumeContext<Batch<InboundSmsReceived>> context)
    {
        var messages = context.Message.Select(m => m.Message).ToList();
        var stored = await WrittenInBatches.StoreAsync(context, projection.RecordInboundAsync, nameof(InboundSmsReceivedConsumer), logger,
            (stored, ct) => webhooks.EnqueueAsync(WebhookEventTypes.MessageReceived, stored, WebhookEvents.Of, ct));
        for (var i = 0; i < messages.Count; i++)
        {
            if (stored[i])
                logger.InboundStored(messages[i].MessageId, Redact.Phone(messages[i].From));
            else
                logger.AlreadyStored(nameof(InboundSmsReceived), messages[i].MessageId.ToString());
        }
    }
}

public sealed class InboundSmsReceivedConsumerDefinition : WrittenInBatches<InboundSmsReceivedConsumer>;
