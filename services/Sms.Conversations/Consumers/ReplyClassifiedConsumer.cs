using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Contracts.Routing;
using Sms.Conversations.Csat;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;
using Sms.Conversations.Webhooks;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Conversations.Consumers;

/// <summary>
/// A reply automation understood is marked as handled by automation, with the action it means; an answer to a
/// satisfaction survey is stored first (<see cref="CsatAnswers"/>).
/// </summary>
public sealed class ReplyClassifiedConsumer(ThreadProjection projection, CsatAnswers csat, WebhookQueue webhooks, ILogger<ReplyClassifiedConsumer> logger)
    : IConsumer<Batch<ReplyClassified>>
{
    public async Task Consume(ConsumeContext<Batch<ReplyClassified>> context)
    {
        var classified = context.Message.Select(m => m.Message).ToList();
        await csat.RecordAsync(classified, context.CancellationToken);
        var marked = await WrittenInBatches.StoreAsync(context, projection.MarkClassifiedAsync, nameof(ReplyClassifiedConsumer), logger,
            (stored, ct) => webhooks.EnqueueAsync(WebhookEventTypes.ReplyClassified, stored, WebhookEvents.Of, ct));
        for (var i = 0; i < classified.Count; i++)
        {
            if (marked[i])
                logger.InboundMarked(classified[i].InboundMessageId, "automation");
            else
                logger.AlreadyStored(nameof(ReplyClassified), classified[i].InboundMessageId.ToString());
        }
    }
}

public sealed class ReplyClassifiedConsumerDefinition : WrittenInBatches<ReplyClassifiedConsumer>;
