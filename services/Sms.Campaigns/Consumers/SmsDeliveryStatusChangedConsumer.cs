using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.Contracts.Inbound;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Campaigns.Consumers;

/// <summary>
/// A carrier's receipt for a campaign message: delivered or failed, forward only (a late 'sent' keeps 'delivered').
/// A receipt without our message id (the carrier did not echo it) is not matched: the row keeps its 'sent'.
/// </summary>
public sealed class SmsDeliveryStatusChangedConsumer(RecipientResults results, ILogger<SmsDeliveryStatusChangedConsumer> logger)
    : IConsumer<Batch<SmsDeliveryStatusChanged>>
{
    public async Task Consume(ConsumeContext<Batch<SmsDeliveryStatusChanged>> context)
    {
        var receipts = context.Message.Select(m => m.Message).ToList();
        var changed = await results.RecordReceiptsAsync(receipts, context.CancellationToken);
        for (var i = 0; i < receipts.Count; i++)
            if (changed[i]) logger.ResultRecorded(receipts[i].MessageId!.Value, $"{nameof(SmsDeliveryStatusChanged)} {receipts[i].Status}");
    }
}

public sealed class SmsDeliveryStatusChangedConsumerDefinition : WrittenInBatches<SmsDeliveryStatusChangedConsumer>;
