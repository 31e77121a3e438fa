using MassTransit;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.Contracts.Inbound;

namespace Sms.Campaigns.Consumers;

/// <summary>
/// Customers' messages move their contact's last reply (segments by last reply). One comes with every message, so they
/// are written in batches (<see cref="InboundSmsReceivedConsumerDefinition"/>): one statement per batch.
/// </summary>
public sealed class InboundSmsReceivedConsumer(ContactProjection projection, ILogger<InboundSmsReceivedConsumer> logger)
    : IConsumer<Batch<InboundSmsReceived>>
{
    public async Task Consume(ConsumeContext<Batch<InboundSmsReceived>> context)
    {
        var changed = await projection.RecordInboundAsync(
            context.Message.Select(m => (m.Message.From, m.Message.ReceivedAt)), context.CancellationToken);
        logger.InboundRecorded(context.Message.Length, changed);
    }
}

/// <summary>
/// Up to <see cref="MessageLimit"/> messages per batch, collected for at most <see cref="TimeLimit"/>: what a last reply
/// may lag when traffic is light.
/// </summary>
public sealed class InboundSmsReceivedConsumerDefinition : ConsumerDefinition<InboundSmsReceivedConsumer>
{
    public const int MessageLimit = 100;

    public static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(50);

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<InboundSmsReceivedConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        consumerConfigurator.Options<BatchOptions>(o => o.SetMessageLimit(MessageLimit).SetTimeLimit(TimeLimit));
}
