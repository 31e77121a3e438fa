using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Contracts.Compliance;
using Sms.Conversations.Data;

namespace Sms.Conversations.Consumers;

/// <summary>The START message that caused an opt-in is marked as handled by Compliance.</summary>
public sealed class OptInRecordedConsumer(ConversationStore store, ILogger<OptInRecordedConsumer> logger)
    : IConsumer<OptInRecorded>
{
    public async Task Consume(ConsumeContext<OptInRecorded> context)
    {
        var optIn = context.Message;
        if (optIn.InboundMessageId is not { } inbound)
        {
            logger.NoInboundMessage(nameof(OptInRecorded));
            return;
        }
        if (await store.MarkHandledByComplianceAsync(inbound, optIn.Number, optIn.RecordedAt, context.CancellationToken))
            logger.InboundMarked(inbound, "compliance");
        else
            logger.AlreadyStored(nameof(OptInRecorded), inbound.ToString());
    }
}
