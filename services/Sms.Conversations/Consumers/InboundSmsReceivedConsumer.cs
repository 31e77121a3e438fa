using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Contracts.Inbound;
using Sms.Conversations.Data;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Conversations.Consumers;

/// <summary>A customer's message joins the thread of (customer, our number); a resolved conversation opens again.</summary>
public sealed class InboundSmsReceivedConsumer(ConversationStore store, ILogger<InboundSmsReceivedConsumer> logger)
    : IConsumer<InboundSmsReceived>
{
    public async Task Consume(ConsumeContext<InboundSmsReceived> context)
    {
        var message = context.Message;
        if (await store.RecordInboundAsync(message, context.CancellationToken))
            logger.InboundStored(message.MessageId, Redact.Phone(message.From));
        else
            logger.AlreadyStored(nameof(InboundSmsReceived), message.MessageId.ToString());
    }
}
