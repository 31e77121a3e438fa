using MassTransit;
using Sms.Campaigns.Data;
using Sms.Contracts.Campaigns;

namespace Sms.Campaigns.Consumers;

/// <summary>Ingress asks where a tracked link leads (README, "Link clicks"): the link's campaign and destination, or that there is no such link.</summary>
public sealed class ResolveTrackedLinkConsumer(LinkStore links) : IConsumer<ResolveTrackedLink>
{
    public async Task Consume(ConsumeContext<ResolveTrackedLink> context)
    {
        if (await links.FindAsync(context.Message.LinkId, context.CancellationToken) is { } found)
            await context.RespondAsync(found);
        else
            await context.RespondAsync(new TrackedLinkNotFound { LinkId = context.Message.LinkId });
    }
}
