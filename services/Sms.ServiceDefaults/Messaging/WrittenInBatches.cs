using MassTransit;

namespace Sms.ServiceDefaults.Messaging;

/// <summary>
/// The definition of a consumer whose events come with every message (a customer's message, a sent message, its
/// receipts) and are written in batches: up to <see cref="MessageLimit"/> events of one kind, collected for at most
/// <see cref="TimeLimit"/>, in one transaction, two batches of a kind at a time (with one, Conversations fell thousands
/// of events behind an outbound burst of 400 sends/s: 3,607 SmsSent still queued after the step; with two, 40). The
/// services that write so (Conversations' thread store, Campaigns' results) say in their own
/// <c>Consumers/WrittenInBatches</c> how a batch is stored.
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
