using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.Contracts.Outbound;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Campaigns.Consumers;

/// <summary>A campaign message the carrier accepted: its recipient row is sent, with its segments and destination country.</summary>
public sealed class SmsSentConsumer(RecipientResults results, ILogger<SmsSentConsumer> logger) : IConsumer<Batch<SmsSent>>
{
    public async Task Consume(ConsumeContext<Batch<SmsSent>> context)
    {
        // Only campaign sends touch rows; the others cost no database call.
        var sent = context.Message.Select(m => m.Message).Where(m => m.Request.CampaignId is not null).ToList();
        if (sent.Count == 0) return;
        var changed = await results.RecordSentAsync(sent, context.CancellationToken);
        for (var i = 0; i < sent.Count; i++)
            if (changed[i]) logger.ResultRecorded(sent[i].Request.MessageId, nameof(SmsSent));
            else logger.ResultUnchanged(nameof(SmsSent), sent[i].Request.MessageId.ToString());
    }
}

public sealed class SmsSentConsumerDefinition : WrittenInBatches<SmsSentConsumer>;
