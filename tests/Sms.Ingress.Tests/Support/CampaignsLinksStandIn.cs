using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sms.Contracts.Campaigns;

namespace Sms.Ingress.Tests.Support;

/// <summary>
/// Campaigns' side of <see cref="ResolveTrackedLink"/> as a test sets it: the links it has (<see cref="Add"/>), and
/// every link id it was asked about. One per test; <see cref="Register"/> puts it on a test ingress's bus.
/// </summary>
public sealed class CampaignsLinksStandIn
{
    private readonly ConcurrentDictionary<long, (Guid CampaignId, string Url)> links = new();
    private readonly ConcurrentQueue<long> asked = new();

    /// <summary>The link ids asked about, in order.</summary>
    public IReadOnlyList<long> Asked => [.. asked];

    public void Add(long linkId, Guid campaignId, string url) => links[linkId] = (campaignId, url);

    /// <summary>Answers <see cref="ResolveTrackedLink"/> on <paramref name="bus"/> (a test ingress's harness).</summary>
    public void Register(IBusRegistrationConfigurator bus)
    {
        bus.AddSingleton(this);
        bus.AddConsumer<Responder>();
    }

    private Task Answer(ConsumeContext<ResolveTrackedLink> context)
    {
        var linkId = context.Message.LinkId;
        asked.Enqueue(linkId);
        return links.TryGetValue(linkId, out var link)
            ? context.RespondAsync(new TrackedLinkFound { LinkId = linkId, CampaignId = link.CampaignId, Url = link.Url })
            : context.RespondAsync(new TrackedLinkNotFound { LinkId = linkId });
    }

    /// <summary>The consumer the harness runs: hands each request to the test's stand-in.</summary>
    public sealed class Responder(CampaignsLinksStandIn campaigns) : IConsumer<ResolveTrackedLink>
    {
        public Task Consume(ConsumeContext<ResolveTrackedLink> context) => campaigns.Answer(context);
    }
}
