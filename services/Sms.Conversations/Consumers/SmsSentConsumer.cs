using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Contracts.Outbound;
using Sms.Conversations.Data;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Conversations.Consumers;

/// <summary>A message the carrier accepted joins the thread of (customer, the number it went out from).</summary>
public sealed class SmsSentConsumer(ConversationStore store, ILogger<SmsSentConsumer> logger) : IConsumer<SmsSent>
{
    public async Task Consume(ConsumeContext<SmsSent> context)
    {
        var request = context.Message.Request;
        if (await store.RecordSentAsync(context.Message, context.CancellationToken))
            logger.OutboundStored(request.MessageId, Redact.Phone(request.To), "sent");
        else
            logger.AlreadyStored(nameof(SmsSent), request.MessageId.ToString());
    }
}
