using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Campaigns.Campaigns;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.Contracts.Compliance;

namespace Sms.Campaigns.Consumers;

/// <summary>A campaign message Compliance holds (quiet hours, the brand's daily budget) is deferred, with the time it is decided again as its reason.</summary>
public sealed class SmsDeferredConsumer(RecipientResults results, ILogger<SmsDeferredConsumer> logger) : IConsumer<SmsDeferred>
{
    public async Task Consume(ConsumeContext<SmsDeferred> context)
    {
        var m = context.Message;
        if (m.Request.CampaignId is null) return;
        if (await results.RecordOutcomeAsync(m.Request, RecipientOutcome.Deferred, $"until {m.DeferredUntil.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}", m.DeferredAt, context.CancellationToken))
            logger.ResultRecorded(m.Request.MessageId, nameof(SmsDeferred));
        else
            logger.ResultUnchanged(nameof(SmsDeferred), m.Request.MessageId.ToString());
    }
}
