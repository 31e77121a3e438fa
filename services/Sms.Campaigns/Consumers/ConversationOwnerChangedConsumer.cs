using MassTransit;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.Contracts.Conversations;

namespace Sms.Campaigns.Consumers;

/// <summary>A conversation changed owner: a campaign may leave out the contacts people are talking to.</summary>
public sealed class ConversationOwnerChangedConsumer(ContactProjection projection, ILogger<ConversationOwnerChangedConsumer> logger)
    : IConsumer<ConversationOwnerChanged>
{
    public async Task Consume(ConsumeContext<ConversationOwnerChanged> context) =>
        logger.Applied(nameof(ConversationOwnerChanged), context.Message.CustomerNumber,
            await projection.ApplyAsync(context.Message, context.CancellationToken));
}
