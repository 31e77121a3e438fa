using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Contracts.Outbound;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;
using Sms.Conversations.Webhooks;
using Sms.ServiceDefaults.Messaging;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Conversations.Consumers;

/// <summary>A message the carrier accepted joins the thread of (customer, the number it went out from).</summary>
public sealed class SmsSentConsumer(ThreadProjection projection, WebhookQueue webhooks, ILogger<SmsSentConsumer> logger) : IConsumer<Batch<SmsSent>>
{
    public async Task Consume(ConsumeContext<Batch<SmsSent>> context)
    {
        var sent = context.Message.Select(m => m.Message).ToList();
        var stored = await WrittenInBatches.StoreAsync(context, projection.RecordSentAsync, nameof(SmsSentConsumer), logger,
            (stored, ct) => webhooks.EnqueueAsync(WebhookEventTypes.MessageStatus, stored, WebhookEvents.Of, ct));
        for (var i = 0; i < sent.Count; i++)
        {
            var request = sent[i].Request;
            if (stored[i])
                logger.OutboundStored(request.MessageId, Redact.Phone(request.To), "sent");
            else
                logger.AlreadyStored(nameof(SmsSent), request.MessageId.ToString());
        }
    }
}

public sealed class SmsSentConsumerDefinition : WrittenInBatches<SmsSentConsumer>;
