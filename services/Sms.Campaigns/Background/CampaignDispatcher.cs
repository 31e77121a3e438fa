using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Options;
using Sms.Campaigns.Campaigns;
using Sms.Campaigns.Content;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.ServiceDefaults.Messaging.Watchdog;

namespace Sms.Campaigns.Background;

/// <summary>
/// Sends the running campaigns: every <c>Campaigns:DispatchInterval</c> (a second), one round per running campaign
/// (<see cref="DispatchStore.DispatchAsync"/>): its due recipients, at its pace, published as <c>SendSms</c> or
/// <c>StartFlow</c>. Everything it knows is in PostgreSQL, so a restarted instance carries on where the last stopped,
/// and a paused campaign is claimed no more from the next round on. Errors are logged; the next round tries again.
/// </summary>
public sealed class CampaignDispatcher(
    DispatchStore store,
    LinkStore links,
    LinkTracking tracking,
    IBus bus,
    BusActivity activity,
    IOptions<CampaignsOptions> options,
    TimeProvider clock,
    ILogger<CampaignDispatcher> logger) : BackgroundService
{
    /// <summary>One round of every running campaign; returns how many recipients were published.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        var published = 0;
        foreach (var campaignId in await store.RunningAsync(cancellationToken))
        {
            try
            {
                var count = await store.DispatchAsync(campaignId, clock.GetUtcNow(), PublishAsync, cancellationToken);
                if (count > 0) logger.CampaignRecipientsPublished(campaignId, count);
                published += count;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                logger.CampaignDispatchFailed(campaignId, e);
            }
        }
        return published;
    }

    private async Task PublishAsync(Campaign campaign, IReadOnlyList<PlannedRecipient> recipients, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var sentLinks = await SentLinksAsync(campaign, cancellationToken);
        await Task.WhenAll(recipients.Select(r => campaign.FlowName is not null
            ? activity.TrackPublishAsync(bus, CampaignMessages.Flow(campaign, r, now), cancellationToken)
            : activity.TrackPublishAsync(bus, CampaignMessages.Send(campaign, r, now, sentLinks), cancellationToken)));
    }

    /// <summary>
    /// The campaign's tracked links (README, "Link clicks"), stored on its first round and kept here after: a running
    /// campaign's text no longer changes. Null when tracking is off or the text has no link.
    /// </summary>
    private async Task<SentLinks?> SentLinksAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        if (campaign.FlowName is not null || !tracking.IsOn) return null;
        if (!_linkIds.TryGetValue(campaign.Id, out var ids))
        {
            ids = await links.EnsureAsync(campaign.Id, tracking.Destinations(campaign.Text ?? ""), cancellationToken);
            _linkIds[campaign.Id] = ids;
        }
        return ids.Count == 0 ? null : new SentLinks(tracking, ids);
    }

    private readonly ConcurrentDictionary<Guid, IReadOnlyList<long>> _linkIds = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DispatchInterval, clock);
        do
        {
            try
            {
                await DispatchOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.CampaignRoundFailed(e);
            }
        } while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
