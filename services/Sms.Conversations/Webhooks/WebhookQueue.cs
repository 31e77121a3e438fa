using Sms.Conversations.Data;

namespace Sms.Conversations.Webhooks;

/// <summary>
/// What the consumers call once their thread write is done: the bus events as webhook events
/// (<see cref="WebhookEvents"/>), queued with the clock's time. Queued whether or not the write changed anything, so a
/// redelivery after a failure between the write and this still queues the event; its id makes the second time a no-op.
/// </summary>
public sealed class WebhookQueue(WebhookStore store, TimeProvider time)
{
    public Task EnqueueAsync(IReadOnlyList<WebhookEvent> events, CancellationToken cancellationToken) =>
        store.EnqueueAsync(events, time.GetUtcNow(), cancellationToken);

    public Task EnqueueAsync(WebhookEvent @event, CancellationToken cancellationToken) =>
        store.EnqueueAsync([@event], time.GetUtcNow(), cancellationToken);
}
