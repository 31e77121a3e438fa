using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Contracts.Inbound;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;
using Sms.Conversations.Threads;
using Sms.Conversations.Webhooks;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Conversations.Consumers;

/// <summary>A carrier receipt joins the message's status timeline and, when final, sets its status.</summary>
public sealed class SmsDeliveryStatusChangedConsumer(ThreadProjection projection, WebhookQueue webhooks, ILogger<SmsDeliveryStatusChangedConsumer> logger)
    : IConsumer<Batch<SmsDeliveryStatusChanged>>
{
    public async Task Consume(ConsumeContext<Batch<SmsDeliveryStatusChanged>> context)
    {
        var receipts = context.Message.Select(m => m.Message).ToList();
        var stored = await WrittenInBatches.StoreAsync(context, projection.RecordDeliveryStatusAsync, nameof(SmsDeliveryStatusChangedConsumer), logger,
            (stored, ct) => webhooks.EnqueueAsync(WebhookEventTypes.MessageStatus, stored, WebhookEvents.Of, ct));
        for (var i = 0; i < receipts.Count; i++)
        {
            var receipt = receipts[i];
            if (stored[i])
                logger.ReceiptRecorded(receipt.ProviderMessageId, StoredNames.Of(receipt.Status));
            else
                logger.AlreadyStored(nameof(SmsDeliveryStatusChanged), $"{receipt.ProviderMessageId}/{StoredNames.Of(receipt.Status)}");
        }
    }
}

public sealed class SmsDeliveryStatusChangedConsumerDefinition : WrittenInBatches<SmsDeliveryStatusChangedConsumer>;
