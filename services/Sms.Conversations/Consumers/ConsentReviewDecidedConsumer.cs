using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Contracts.Compliance;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;
using Sms.Conversations.Threads;

namespace Sms.Conversations.Consumers;

/// <summary>
/// Compliance answered a decision about a review (an agent's confirm, dismiss or undo): the inbox records it as
/// evidence and shows the review's new status (<see cref="ConsentReviewStore.RecordDecidedAsync"/>).
/// </summary>
public sealed class ConsentReviewDecidedConsumer(ConsentReviewStore reviews, ILogger<ConsentReviewDecidedConsumer> logger)
    : IConsumer<ConsentReviewDecided>
{
    public async Task Consume(ConsumeContext<ConsentReviewDecided> context)
    {
        var decided = context.Message;
        var outcome = await reviews.RecordDecidedAsync(decided, context.CancellationToken);
        if (outcome == ConsentReviewDecisionOutcome.AlreadyStored)
            logger.AlreadyStored(nameof(ConsentReviewDecided), decided.RequestId.ToString());
        else
            logger.ConsentReviewDecisionRecorded(decided.ReviewId, StoredNames.Of(decided.Decision), decided.DecidedBy,
                StoredNames.Of(outcome), StoredNames.Of(decided.Status));
    }
}
