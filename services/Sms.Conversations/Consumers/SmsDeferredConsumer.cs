using MassTransit;
using Sms.Contracts.Compliance;
using Sms.Conversations.Data;
using Sms.ServiceDefaults.Telemetry;
using Sms.Conversations.Extensions;

namespace Sms.Conversations.Consumers;

/// <summary>A send Compliance holds until the quiet hours end shows in the thread as deferred, with until when.</summary>
public sealed class SmsDeferredConsumer(ThreadProjection projection, ILogger<SmsDeferredConsumer> logger) : IConsumer<SmsDeferred>
{
    public async Task Consume(ConsumeContext<SmsDeferred> context)
    {
        var request = context.Message.Request;
        if (await projection.RecordDeferredAsync(context.Message, context.CancellationToken))
            logger.OutboundStored(request.MessageId, Redact.Phone(request.To), "deferred");
        else
            logger.AlreadyStored(nameof(SmsDeferred), request.MessageId.ToString());
    }
}
