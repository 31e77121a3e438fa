using System.Runtime.ExceptionServices;
using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;

namespace Sms.Conversations.Consumers;

/// <summary>
/// The events that come with every message (a customer's message, a sent message, its receipts, the automation's mark
/// and profile change) are written in batches: up to <see cref="MessageLimit"/> events of one kind, collected for at
/// most <see cref="TimeLimit"/>, stored in one transaction (<c>ThreadProjection.InOneTransactionAsync</c>). Two batches
/// of a kind run at a time: a batch's events are written one after the other, so with one at a time the thread store
/// fell thousands of events behind an outbound burst of 400 sends/s (measured: 3,607 SmsSent still queued after the
/// step; with two, 40). The rarer events (escalations, consent, suppressed and failed sends) are written one by
/// one. A batch is acknowledged as a whole, except when some of its events cannot be stored (a write that fails for
/// another reason than an outage): the store then writes the others one by one at once, and
/// <see cref="WrittenInBatches.StoreAsync{T}"/> acknowledges them, so only the events that failed are retried (each
/// retry is delivered at once, in a batch of its own or with the events just arriving) and end in the error queue.
/// </summary>
public abstract class WrittenInBatches<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    /// <summary>Events per transaction at most; the queue's prefetch grows to it when it is smaller.</summary>
    public const int MessageLimit = 64;

    /// <summary>Batches of one kind written at the same time.</summary>
    public const int ConcurrencyLimit = 2;

    /// <summary>How long the first event of a batch waits for others: what a write may lag when traffic is light.</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(10);

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        consumerConfigurator.Options<BatchOptions>(o => o
            .SetMessageLimit(MessageLimit)
            .SetTimeLimit(TimeLimit)
            .SetConcurrencyLimit(ConcurrencyLimit));
}

/// <summary>What every batch consumer does with its batch.</summary>
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
