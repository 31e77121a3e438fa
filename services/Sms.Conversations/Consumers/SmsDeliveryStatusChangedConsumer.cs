using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Contracts.Inbound;
using Sms.Conversations.Data;
using Sms.Conversations.Threads;

namespace Sms.Conversations.Consumers;

/// <summary>A carrier receipt joins the message's status timeline and, when final, sets its status.</summary>
public sealed class SmsDeliveryStatusChangedConsumer(ConversationStore store, ILogger<SmsDeliveryStatusChangedConsumer> logger)
    : IConsumer<SmsDeliveryStatusChanged>
{
    public async Task Consume(ConsumeContext<SmsDeliveryStatusChanged> context)
    {
        var receipt = context.Message;
        if (await store.RecordDeliveryStatusAsync(receipt, context.CancellationToken))
            logger.ReceiptRecorded(receipt.ProviderMessageId, StoredNames.Of(receipt.Status));
        else
            logger.AlreadyStored(nameof(SmsDeliveryStatusChanged), $"{receipt.ProviderMessageId}/{StoredNames.Of(receipt.Status)}");
    }
}
