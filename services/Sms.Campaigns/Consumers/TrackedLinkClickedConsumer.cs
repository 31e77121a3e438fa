using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.Contracts.Campaigns;

namespace Sms.Campaigns.Consumers;

/// <summary>A recipient followed a campaign's tracked link (README, "Link clicks"): their click is recorded for the link and the campaign.</summary>
public sealed class TrackedLinkClickedConsumer(LinkStore links, ILogger<TrackedLinkClickedConsumer> logger) : IConsumer<TrackedLinkClicked>
{
    public async Task Consume(ConsumeContext<TrackedLinkClicked> context)
    {
        var click = context.Message;
        if (await links.RecordClickAsync(click, context.CancellationToken))
            logger.LinkClickRecorded(click.LinkId, click.CampaignId);
        else
            logger.LinkClickUnmatched(click.LinkId, click.CampaignId);
    }
}
