using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Contracts.Compliance;
using Sms.Conversations.Data;

namespace Sms.Conversations.Consumers;

/// <summary>The STOP message that caused an opt-out is marked as handled by Compliance.</summary>
public sealed class OptOutRecordedConsumer(ConversationStore store, ILogger<OptOutRecordedConsumer> logger)
    : IConsumer<OptOutRecorded>
{
    public async Task Consume(ConsumeContext<OptOutRecorded> context)
    {
        var optOut = context.Message;
        if (optOut.InboundMessageId is not { } inbound)
        {
            logger.NoInboundMessage(nameof(OptOutRecorded)); // e.g. an opt-out imported or recorded by an agent
            return;
        }
        if (await store.MarkHandledByComplianceAsync(inbound, optOut.Number, optOut.RecordedAt, context.CancellationToken))
            logger.InboundMarked(inbound, "compliance");
        else
            logger.AlreadyStored(nameof(OptOutRecorded), inbound.ToString());
    }
}
