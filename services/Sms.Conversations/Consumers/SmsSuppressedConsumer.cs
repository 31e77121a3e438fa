using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Contracts.Compliance;
using Sms.Conversations.Data;
using Sms.ServiceDefaults.Telemetry;
using Sms.Conversations.Extensions;

namespace Sms.Conversations.Consumers;

/// <summary>A send Compliance refused shows in the customer's thread with the reason.</summary>
public sealed class SmsSuppressedConsumer(ThreadProjection projection, ILogger<SmsSuppressedConsumer> logger)
    : IConsumer<SmsSuppressed>
{
    public async Task Consume(ConsumeContext<SmsSuppressed> context)
    {
        var request = context.Message.Request;
        if (await projection.RecordSuppressedAsync(context.Message, context.CancellationToken))
            logger.OutboundStored(request.MessageId, Redact.Phone(request.To), "suppressed");
        else
            logger.AlreadyStored(nameof(SmsSuppressed), request.MessageId.ToString());
    }
}
