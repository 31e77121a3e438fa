using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Campaigns.Campaigns;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.Contracts.Compliance;

namespace Sms.Campaigns.Consumers;

/// <summary>A campaign message Compliance refused is suppressed, with the refusal's reason (opted_out, frequency_capped, …).</summary>
public sealed class SmsSuppressedConsumer(RecipientResults results, ILogger<SmsSuppressedConsumer> logger) : IConsumer<SmsSuppressed>
{
    public async Task Consume(ConsumeContext<SmsSuppressed> context)
    {
        var m = context.Message;
        if (m.Request.CampaignId is null) return;
        if (await results.RecordOutcomeAsync(m.Request, RecipientOutcome.Suppressed, RecipientProgress.ReasonOf(m.Reason), m.SuppressedAt, context.CancellationToken))
            logger.ResultRecorded(m.Request.MessageId, nameof(SmsSuppressed));
        else
            logger.ResultUnchanged(nameof(SmsSuppressed), m.Request.MessageId.ToString());
    }
}
