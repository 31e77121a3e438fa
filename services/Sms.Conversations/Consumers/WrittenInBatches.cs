using System.Runtime.ExceptionServices;
using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;

namespace Sms.Conversations.Consumers;

/// <summary>
/// How Conversations stores a batch (the batching itself: <see cref="Sms.ServiceDefaults.Messaging.WrittenInBatches{TConsumer}"/>).
/// The events that come with every message (a customer's message, a sent message, its receipts, the automation's mark
/// and profile change) are stored in one transaction (<c>ThreadProjection.InOneTransactionAsync</c>); the rarer events
/// (escalations, consent, suppressed and failed sends) one by one. A batch is acknowledged as a whole, except when some
/// of its events cannot be stored (a write that fails for another reason than an outage): the store then writes the
/// others one by one at once, and <see cref="StoreAsync{T}"/> acknowledges them, so only the events that failed are
/// retried (each retry is delivered at once, in a batch of its own or with the events just arriving) and end in the
/// error queue.
/// </summary>
public static class WrittenInBatches
{
    /// <summary>
    /// Writes the batch's events with <paramref name="write"/> and returns, per event, whether it changed anything.
    /// When some could not be stored (<see cref="EventsNotStoredException"/>), every other event of the batch is
    /// marked consumed, so MassTransit acknowledges it, and the first failure is thrown for the events that failed
    /// alone: only they are retried and, in the end, moved to the error queue.
    /// <paramref name="then"/> runs on every event stored now or before (not on those that failed), ahead of the
    /// acknowledgement: the webhook events they make are queued even for a redelivery, and none is lost with an
    /// acknowledged event.
    /// </summary>
    public static async Task<IReadOnlyList<bool>> StoreAsync<T>(
        ConsumeContext<Batch<T>> context, Func<IReadOnlyList<T>, CancellationToken, Task<IReadOnlyList<bool>>> write,
        string consumerType, ILogger logger, Func<IReadOnlyList<T>, CancellationToken, Task>? then = null)
        where T : class
    {
        var events = context.Message.Select(m => m.Message).ToList();
        try
        {
            var changed = await write(events, context.CancellationToken);
            if (then is not null)
                await then(events, context.CancellationToken);
            return changed;
        }
        catch (EventsNotStoredException e)
        {
            logger.BatchPartlyStored(typeof(T).Name, context.Message.Length, e.Failed.Count, e.InnerException!.GetType().Name);
            if (then is not null)
                await then(events.Where((_, i) => !e.Failed.Contains(i)).ToList(), context.CancellationToken);
            for (var i = 0; i < context.Message.Length; i++)
            {
                if (e.Failed.Contains(i))
                    continue;
                var message = context.Message[i];
                await message.NotifyConsumed(message, message.ReceiveContext.ElapsedTime, consumerType);
            }
            // The first failure itself (an outage among them is then retried as one), with its own stack trace.
            ExceptionDispatchInfo.Capture(e.InnerException!).Throw();
            throw;
        }
    }
}
