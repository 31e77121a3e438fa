using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Contracts.Outbound;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;
using Sms.Conversations.Webhooks;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Conversations.Consumers;

/// <summary>A send the carrier refused shows in the customer's thread as failed, with the reason.</summary>
public sealed class SmsSendFailedConsumer(ThreadProjection projection, WebhookQueue webhooks, ILogger<SmsSendFailedConsumer> logger)
    : IConsumer<SmsSendFailed>
{
    public async Task Consume(ConsumeContext<SmsSendFailed> context)
    {
        var request = context.Message.Request;
        if (await projection.RecordSendFailedAsync(context.Message, context.CancellationToken))
            logger.OutboundStored(request.MessageId, Redact.Phone(request.To), "failed");
        else
            logger.AlreadyStored(nameof(SmsSendFailed), request.MessageId.ToString());
        await webhooks.EnqueueAsync(WebhookEvents.Of(context.Message), context.CancellationToken);
    }
}
