using MassTransit;
using Sms.Campaigns.Audience;
using Sms.Campaigns.Campaigns;
using Sms.Campaigns.Extensions;
using Sms.Contracts.Campaigns;

namespace Sms.Campaigns.Consumers;

/// <summary>
/// Launches, pauses, resumes or cancels a campaign from the bus, as the API does. The same command twice changes
/// nothing the second time; one the campaign's status forbids (or for a campaign that does not exist) is logged and
/// dropped.
/// </summary>
public sealed class ChangeCampaignStateConsumer(CampaignActions actions, ILogger<ChangeCampaignStateConsumer> logger) : IConsumer<ChangeCampaignState>
{
    public async Task Consume(ConsumeContext<ChangeCampaignState> context)
    {
        var command = context.Message;
        ActionOutcome outcome;
        Campaign? campaign;
        try
        {
            (outcome, campaign) = await actions.ChangeStateAsync(command.CampaignId, command.Action, command.RequestedBy, context.CancellationToken);
        }
        catch (SegmentException e)
        {
            // A launch whose segment was deleted: no retry brings it back; the campaign stays in planning, to be cancelled.
            logger.CampaignCommandRefused($"{nameof(ChangeCampaignState)} {command.Action}", command.CampaignId, e.Message);
            return;
        }
        if (outcome is ActionOutcome.Forbidden or ActionOutcome.NotFound)
        {
            logger.CampaignCommandRefused($"{nameof(ChangeCampaignState)} {command.Action}", command.CampaignId,
                campaign is null ? "no such campaign" : $"not allowed while {CampaignLifecycle.ToText(campaign.Status)}");
        }
    }
}
