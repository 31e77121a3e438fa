using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.Contracts.Routing;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Campaigns.Consumers;

/// <summary>
/// A reply that matched an option or keyword of a campaign's prompt: the recipient's row counts a matched reply, with
/// the option for the reply breakdown. Replies to other prompts change nothing.
/// </summary>
public sealed class ReplyClassifiedConsumer(RecipientResults results, ILogger<ReplyClassifiedConsumer> logger) : IConsumer<ReplyClassified>
{
    public async Task Consume(ConsumeContext<ReplyClassified> context)
    {
        var m = context.Message;
        if (!Guid.TryParse(m.CampaignId, out var campaignId)) return;
        if (await results.RecordMatchAsync(campaignId, m.CustomerNumber, m.MatchedOption, m.ClassifiedAt, context.CancellationToken))
            logger.ResultAttributed(nameof(ReplyClassified), Redact.Phone(m.CustomerNumber));
        else
            logger.ResultUnchanged(nameof(ReplyClassified), m.InboundMessageId.ToString());
    }
}
