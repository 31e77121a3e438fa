using System.ComponentModel.DataAnnotations;
using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Compliance.Consent;
using Sms.Compliance.Data;
using Sms.Compliance.Extensions;
using Sms.Compliance.Keywords;
using Sms.Contracts.Compliance;
using Sms.ServiceDefaults.Messaging;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Compliance.Consumers;

/// <summary>
/// A person decides a review of a message that may have asked to stop (<see cref="DecideConsentReview"/>), by
/// <see cref="ConsentReviewRules"/>; the decision is recorded with who made it whether it applied or not, then:
/// <list type="bullet">
/// <item>Confirm: the opt-out is recorded through <see cref="ConsentRecorder"/> (source review, the customer's message as
/// evidence, the agent in the rule), confirmed to the customer in the brand's words at once, and the held marketing
/// released (to be suppressed).</item>
/// <item>Dismiss: the held marketing is released, to be decided again (and approved).</item>
/// <item>Undo: the review waits again; an opt-out it confirmed is reverted by an opt-in restoring what that opt-out
/// revoked (<see cref="KeywordOptIns"/>), and marketing is held again.</item>
/// </list>
/// Every step is idempotent: a redelivered command completes what its first delivery started and publishes the same
/// <see cref="ConsentReviewDecided"/> (its id derived from the request).
/// </summary>
public sealed class DecideConsentReviewConsumer(
    ConsentReviews reviews,
    ConsentRecorder recorder,
    ConsentLedger ledger,
    ConsentCache cache,
    DeferredSends deferred,
    KeywordReplies replies,
    TimeProvider clock,
    ILogger<DecideConsentReviewConsumer> logger) : IConsumer<DecideConsentReview>
{
    public const string DecidedPurpose = "review-decided";

    public async Task Consume(ConsumeContext<DecideConsentReview> context)
    {
        var command = context.Message;
        if (string.IsNullOrWhiteSpace(command.DecidedBy))
            throw new ValidationException($"DecideConsentReview {command.RequestId} names nobody who decided; a review decision must name its agent.");
        var stored = await reviews.DecideAsync(command, context.CancellationToken);
        if (stored is null)
        {
            logger.ReviewUnknown(command.RequestId, command.ReviewId);
            // Not retried (the bus ignores ValidationException); kept in the error queue with the reason.
            throw new ValidationException($"DecideConsentReview {command.RequestId}: there is no review {command.ReviewId}.");
        }

        var review = stored.Review;
        var now = clock.GetUtcNow();
        var at = InboundSmsReceivedConsumer.OccurredAt(command.DecidedAt, now);
        switch (stored.Outcome.Action)
        {
            case ReviewAction.RecordOptOut:
                var recording = await recorder.RecordAndAnnounceAsync(
                    Change(review, ConsentKind.OptOut, $"review:{command.DecidedBy.Trim()}:{review.Rule}", at),
                    command.RequestId, context, Announcement.AgainWhenRecordedBefore, context.CancellationToken);
                await reviews.LinkOptOutAsync(review.ReviewId, recording.Event.Id, context.CancellationToken);
                // The confirmation answers the customer's message, so Outbound sends it after everything decided before.
                await context.Publish(
                    KeywordReplies.Compose(MessageIds.Derive(command.RequestId, KeywordReplies.Purpose), review.Number, review.BusinessNumber,
                        replies.TextFor(KeywordIntent.OptOut, review.Scope, review.Language), review.InboundMessageId, now),
                    p => p.MessageId = MessageIds.Derive(command.RequestId, KeywordReplies.Purpose), context.CancellationToken);
                await deferred.ReleaseHeldForReviewAsync(review.Number, now, context.CancellationToken);
                break;

            case ReviewAction.RevertOptOut:
                var history = await ledger.GetHistoryAsync(review.Number, review.Scope, context.CancellationToken);
                await recorder.RecordAndAnnounceAsync(
                    Change(review, ConsentKind.OptIn, $"review-undo:{command.DecidedBy.Trim()}", at) with { Purposes = KeywordOptIns.Plan(history).Purposes },
                    command.RequestId, context, Announcement.AgainWhenRecordedBefore, context.CancellationToken);
                // Pending again: marketing waits for the next decision.
                await cache.InvalidateAsync(review.Number, review.Scope, drain: true, context.CancellationToken);
                break;

            case ReviewAction.ReleaseHeld:
                await cache.InvalidateAsync(review.Number, review.Scope, drain: false, context.CancellationToken);
                await deferred.ReleaseHeldForReviewAsync(review.Number, now, context.CancellationToken);
                break;

            case ReviewAction.HoldAgain:
                await cache.InvalidateAsync(review.Number, review.Scope, drain: true, context.CancellationToken);
                break;
        }

        await context.Publish(new ConsentReviewDecided
        {
            ReviewId = review.ReviewId,
            RequestId = command.RequestId,
            Number = review.Number,
            Scope = review.Scope,
            Decision = command.Decision,
            Status = stored.Outcome.Status,
            Applied = stored.Outcome.Applied,
            DecidedBy = command.DecidedBy,
            DecidedAt = command.DecidedAt,
        }, p => p.MessageId = MessageIds.Derive(command.RequestId, DecidedPurpose), context.CancellationToken);
        logger.ReviewDecided(review.ReviewId, command.Decision, command.DecidedBy,
            stored.Outcome.Applied ? "applied" : "not applied", stored.Outcome.Status);
    }

    /// <summary>
    /// A change a review decision causes, the customer's message as evidence. Dated when decided: a change dated at the
    /// message would sort before changes made since.
    /// </summary>
    private static ConsentEvent Change(ConsentReview review, ConsentKind kind, string rule, DateTimeOffset decidedAt) => new()
    {
        Number = review.Number,
        Scope = review.Scope,
        Kind = kind,
        Source = ConsentSource.Review,
        Rule = rule,
        EvidenceMessageId = review.InboundMessageId,
        EvidenceText = review.InboundText,
        OccurredAt = decidedAt,
    };
}
