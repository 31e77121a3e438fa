using Sms.Contracts.Campaigns;
using Sms.Ingress.Extensions;
using Sms.Ingress.Publishing;

namespace Sms.Ingress.Links;

/// <summary>
/// Publishes a customer's click on a tracked link (<see cref="TrackedLinkClicked"/>, counted by Campaigns) the way the
/// edge publishes everything (<see cref="EdgePublisher.PublishAsync{T}"/>: confirmed by the broker, within
/// <see cref="IngressOptions.PublishTimeout"/>). Unlike a webhook's, the answer does not depend on it: the redirect waits
/// for the publish (at most that timeout) and then goes out whether or not the broker took the click; a click it did
/// not take is logged (the link id only) and lost.
/// </summary>
public sealed class TrackedLinkClicks(EdgePublisher publisher, ILogger<TrackedLinkClicks> logger)
{
    /// <summary>Whether the broker took <paramref name="click"/>.</summary>
    public async Task<bool> TryPublishAsync(TrackedLinkClicked click, CancellationToken requestAborted)
    {
        if (await publisher.PublishAsync(click, requestAborted) is not { } failure) return true;
        IngressLog.TrackedLinkClickLost(logger, click.LinkId, failure.Reason);
        return false;
    }
}
