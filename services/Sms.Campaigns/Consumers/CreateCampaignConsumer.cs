using MassTransit;
using Sms.Campaigns.Audience;
using Sms.Campaigns.Campaigns;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.Contracts.Campaigns;

namespace Sms.Campaigns.Consumers;

/// <summary>
/// Creates a campaign from the bus, as <c>POST /v1/campaigns</c> does (and launches it when asked). Idempotent by
/// <see cref="CreateCampaign.CampaignId"/>: a redelivered command creates nothing more, and its launch is the same
/// launch. A command that is not a valid draft is logged and dropped: no retry would make it valid.
/// </summary>
public sealed class CreateCampaignConsumer(CampaignStore store, CampaignActions actions, TimeProvider clock, ILogger<CreateCampaignConsumer> logger)
    : IConsumer<CreateCampaign>
{
    public async Task Consume(ConsumeContext<CreateCampaign> context)
    {
        var command = context.Message;
        var draft = CampaignDraftRules.FromCommand(command);
        var problems = CampaignDraftRules.Problems(draft, hasNumbers: command.Numbers is { Count: > 0 });
        if (command.Numbers is { Count: > CampaignDraftRules.MaxNumbers })
            problems["numbers"] = [$"at most {CampaignDraftRules.MaxNumbers}; upload an audience instead"];
        if (problems.Count > 0)
        {
            logger.CampaignCommandRefused(nameof(CreateCampaign), command.CampaignId, string.Join("; ", problems.Select(p => $"{p.Key}: {p.Value[0]}")));
            return;
        }
        var members = command.Numbers is { Count: > 0 } numbers ? AudienceCsv.FromRecipients(numbers) : null;
        try
        {
            if (await store.CreateAsync(command.CampaignId, draft, command.RequestedBy, clock.GetUtcNow(), members, context.CancellationToken))
                logger.CampaignCreated(command.CampaignId);
            if (command.Launch)
                await actions.ChangeStateAsync(command.CampaignId, CampaignAction.Launch, command.RequestedBy, context.CancellationToken);
        }
        catch (SegmentException e)
        {
            logger.CampaignCommandRefused(nameof(CreateCampaign), command.CampaignId, e.Message);
        }
    }
}
