using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Contracts.Compliance;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Conversations.Consumers;

/// <summary>Compliance was unsure whether a message asks to stop: the review waits in the inbox's queue for an agent.</summary>
public sealed class ConsentReviewRequestedConsumer(ConsentReviewStore reviews, ILogger<ConsentReviewRequestedConsumer> logger)
    : IConsumer<ConsentReviewRequested>
{
    public async Task Consume(ConsumeContext<ConsentReviewRequested> context)
    {
        var review = context.Message;
        if (await reviews.RecordRequestedAsync(review, context.CancellationToken))
            logger.ConsentReviewStored(review.ReviewId, Redact.Phone(review.Number), review.Scope);
        else
            logger.AlreadyStored(nameof(ConsentReviewRequested), review.ReviewId.ToString());
    }
}
