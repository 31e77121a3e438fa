using Sms.Conversations.Data;

namespace Sms.Conversations.Webhooks;

/// <summary>
/// What the consumers call once their thread write is done: the bus events as webhook events
/// (<see cref="WebhookEvents"/>), queued with the clock's time. Queued whether or not the write changed anything, so a
/// redelivery after a failure between the write and this still queues the event; its id makes the second time a no-op.
/// Events of a type no enabled subscription wants (<see cref="WebhookInterest"/>) stop here, without a database call.
/// </summary>
public sealed class WebhookQueue(WebhookStore store, WebhookInterest interest, TimeProvider time)
{
    /// <summary>Queues the bus events of a batch, all of one webhook event <paramref name="type"/>, made into webhook events only when wanted.</summary>
    public async Task EnqueueAsync<T>(string type, IReadOnlyList<T> messages, Func<T, WebhookEvent> toEvent, CancellationToken cancellationToken)
    {
        if (messages.Count == 0 || !(await WantedAsync(cancellationToken)).Contains(type))
            return;
        await store.EnqueueAsync(messages.Select(toEvent).ToList(), time.GetUtcNow(), cancellationToken);
    }

    public async Task EnqueueAsync(WebhookEvent @event, CancellationToken cancellationToken)
    {
        if ((await WantedAsync(cancellationToken)).Contains(@event.Type))
            await store.EnqueueAsync([@event], time.GetUtcNow(), cancellationToken);
    }

    private async ValueTask<IReadOnlySet<string>> WantedAsync(CancellationToken cancellationToken)
    {
        if (interest.TryGetWanted(out var wanted, out var loadToken))
            return wanted;
        wanted = await store.WantedEventTypesAsync(cancellationToken);
        interest.Loaded(loadToken, wanted);
        return wanted;
    }
}
