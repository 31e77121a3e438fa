using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Campaigns.Campaigns;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.Contracts.Outbound;

namespace Sms.Campaigns.Consumers;

/// <summary>A campaign message that could not be handed to the carrier is failed, with the carrier's error code as its reason (an unknown outcome has its own, which a later sent or receipt overrides).</summary>
public sealed class SmsSendFailedConsumer(RecipientResults results, ILogger<SmsSendFailedConsumer> logger) : IConsumer<SmsSendFailed>
{
    public async Task Consume(ConsumeContext<SmsSendFailed> context)
    {
        var m = context.Message;
        if (m.Request.CampaignId is null) return;
        if (await results.RecordOutcomeAsync(m.Request, RecipientProgress.OutcomeOf(m), RecipientProgress.ReasonOf(m), m.FailedAt, context.CancellationToken))
            logger.ResultRecorded(m.Request.MessageId, nameof(SmsSendFailed));
        else
            logger.ResultUnchanged(nameof(SmsSendFailed), m.Request.MessageId.ToString());
    }
}
