using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Contracts.Routing;
using Sms.Conversations.Data;

namespace Sms.Conversations.Consumers;

/// <summary>A reply automation understood is marked as handled by automation, with the action it means.</summary>
public sealed class ReplyClassifiedConsumer(ConversationStore store, ILogger<ReplyClassifiedConsumer> logger)
    : IConsumer<ReplyClassified>
{
    public async Task Consume(ConsumeContext<ReplyClassified> context)
    {
        var classified = context.Message;
        if (await store.MarkClassifiedAsync(classified, context.CancellationToken))
            logger.InboundMarked(classified.InboundMessageId, "automation");
        else
            logger.AlreadyStored(nameof(ReplyClassified), classified.InboundMessageId.ToString());
    }
}
