using MassTransit;

namespace Sms.Campaigns.Consumers;

/// <summary>
/// The events that come with every campaign message (sent, its receipts, the customers' messages) are written in
/// batches, as Conversations writes them: up to <see cref="MessageLimit"/> events of one kind, collected for at most
/// <see cref="TimeLimit"/>, in one round trip and transaction (<c>RecipientResults</c>), two batches of a kind at a
/// time. Every write is idempotent, so a batch that fails is retried as a whole and changes nothing twice.
/// </summary>
public abstract class WrittenInBatches<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    /// <summary>Events per transaction at most; the queue's prefetch grows to it when it is smaller.</summary>
    public const int MessageLimit = 64;

    /// <summary>Batches of one kind written at the same time.</summary>
    public const int ConcurrencyLimit = 2;

    /// <summary>How long the first event of a batch waits for others: what a result may lag when traffic is light.</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(10);

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        consumerConfigurator.Options<BatchOptions>(o => o
            .SetMessageLimit(MessageLimit)
            .SetTimeLimit(TimeLimit)
            .SetConcurrencyLimit(ConcurrencyLimit));
}
