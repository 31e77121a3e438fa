using MassTransit;

namespace Sms.ServiceDefaults.Messaging.Watchdog;

public static class BusActivityExtensions
{
    /// <summary>
    /// Publishes outside a consumer (background work, an endpoint), recorded on <see cref="BusActivity"/> so that a
    /// publish that never completes is seen by the <see cref="BusWatchdog"/>.
    /// </summary>
    public static Task TrackPublishAsync<T>(this BusActivity activity, IPublishEndpoint publishEndpoint, T message, CancellationToken cancellationToken)
        where T : class =>
        activity.TrackPublishAsync(publishEndpoint, message, _ => { }, cancellationToken);

    /// <inheritdoc cref="TrackPublishAsync{T}(BusActivity, IPublishEndpoint, T, CancellationToken)"/>
    public static async Task TrackPublishAsync<T>(
        this BusActivity activity, IPublishEndpoint publishEndpoint, T message, Action<PublishContext<T>> configure, CancellationToken cancellationToken)
        where T : class
    {
        // Pending while it runs; the caller's cancellation (a request aborted, a round's deadline) is not taken as a
        // sign of a stalled bus: a publish that hangs is seen by how long it has been pending.
        using var tracked = activity.PublishStarted($"a publish of {typeof(T).Name}");
        await publishEndpoint.Publish(message, configure, cancellationToken).WaitAsync(cancellationToken);
        tracked.Succeeded();
    }
}
