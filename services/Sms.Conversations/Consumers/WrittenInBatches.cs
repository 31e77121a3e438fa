using MassTransit;

namespace Sms.Conversations.Consumers;

/// <summary>
/// The events that come with every message (a customer's message, a sent message, its receipts, the automation's mark
/// and profile change) are written in batches: up to <see cref="MessageLimit"/> events of one kind, collected for at
/// most <see cref="TimeLimit"/>, stored in one transaction (<c>ConversationStore.InOneTransactionAsync</c>). Two batches
/// of a kind run at a time: a batch's events are written one after the other, so with one at a time the thread store
/// fell thousands of events behind an outbound burst of 400 sends/s (measured: 3,607 SmsSent still queued after the
/// step; with two, 40). The rarer events (escalations, consent, suppressed and failed sends) are written one by
/// one. A consumer batch is acknowledged, retried or moved to the error queue as a whole.
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
