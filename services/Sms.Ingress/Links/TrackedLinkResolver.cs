using MassTransit;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Sms.Contracts.Campaigns;
using Sms.Ingress.Extensions;

namespace Sms.Ingress.Links;

/// <summary>
/// Where a tracked link leads: from <see cref="TrackedLinkCache"/> when this instance was told before, else asked of
/// Campaigns (<see cref="ResolveTrackedLink"/>, request and response over the bus's temporary response queue, within
/// <see cref="TrackedLinkOptions.ResolveTimeout"/>). A link never changes, so Campaigns is asked once per link and
/// instance while the link stays in the cache; its "no such link" is kept for <see cref="TrackedLinkOptions.UnknownLinkCacheTime"/>.
/// Two requests for a link not in the cache at the same moment may both ask; the answers are the same.
/// </summary>
public sealed class TrackedLinkResolver(
    IRequestClient<ResolveTrackedLink> campaigns, TrackedLinkCache cache, IOptions<TrackedLinkOptions> options, ILogger<TrackedLinkResolver> logger)
{
    /// <summary>
    /// Campaigns' answer for <paramref name="linkId"/>, or <see cref="TrackedLinkLookup.Unavailable"/> (logged) when it
    /// did not come in time or the broker failed. Throws only when <paramref name="requestAborted"/> is cancelled.
    /// </summary>
    public async Task<TrackedLinkLookup> ResolveAsync(long linkId, CancellationToken requestAborted)
    {
        if (cache.TryGet(linkId) is { } known) return known;

        var timeout = options.Value.ResolveTimeout;
        try
        {
            var response = await campaigns.GetResponse<TrackedLinkFound, TrackedLinkNotFound>(
                new ResolveTrackedLink { LinkId = linkId }, requestAborted, RequestTimeout.After(ms: (int)timeout.TotalMilliseconds));
            if (response.Is(out Response<TrackedLinkFound>? found))
            {
                var lookup = TrackedLinkLookup.Found(found.Message.CampaignId, found.Message.Url);
                cache.Keep(linkId, lookup);
                return lookup;
            }
            cache.KeepUnknown(linkId);
            return TrackedLinkLookup.NotFound;
        }
        catch (RequestTimeoutException)
        {
            IngressLog.TrackedLinkUnavailable(logger, linkId, $"no answer within {timeout}");
            return TrackedLinkLookup.Unavailable;
        }
        catch (Exception e) when (!requestAborted.IsCancellationRequested)
        {
            IngressLog.TrackedLinkUnavailable(logger, linkId, e.GetType().Name + ": " + e.Message);
            return TrackedLinkLookup.Unavailable;
        }
    }
}

/// <summary>
/// The destinations of the tracked links this instance was asked for, in memory: at most
/// <see cref="TrackedLinkOptions.CachedLinks"/> (when full, the least recently used make room), Campaigns' "no such
/// link" for <see cref="TrackedLinkOptions.UnknownLinkCacheTime"/> only. Nothing else is kept: no code, no recipient.
/// </summary>
public sealed class TrackedLinkCache(IOptions<TrackedLinkOptions> options) : IDisposable
{
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = options.Value.CachedLinks });

    public TrackedLinkLookup? TryGet(long linkId) => cache.TryGetValue(linkId, out TrackedLinkLookup? lookup) ? lookup : null;

    /// <summary>Keeps where <paramref name="linkId"/> leads, for as long as there is room.</summary>
    public void Keep(long linkId, TrackedLinkLookup lookup) =>
        cache.Set(linkId, lookup, new MemoryCacheEntryOptions { Size = 1 });

    /// <summary>Keeps that Campaigns has no <paramref name="linkId"/>, for a short time.</summary>
    public void KeepUnknown(long linkId)
    {
        var keepFor = options.Value.UnknownLinkCacheTime;
        if (keepFor <= TimeSpan.Zero) return;
        cache.Set(linkId, TrackedLinkLookup.NotFound, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = keepFor });
    }

    public void Dispose() => cache.Dispose();
}
