using Microsoft.Extensions.Options;
using Sms.Contracts.Routing;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;

namespace Sms.Conversations.Csat;

/// <summary>
/// Customers' answers to satisfaction surveys, among the replies the Router classified: each score is stored once
/// per survey, and a low one reopens and flags the conversation (<see cref="CsatSurveys"/>,
/// <see cref="CsatStore.RecordAsync"/>). Called by <c>Consumers/ReplyClassifiedConsumer</c> before it marks the batch,
/// so an acknowledged batch has its scores stored; a score that fails to store fails the batch, which is retried
/// (storing a score and marking a reply are both idempotent).
/// </summary>
public sealed class CsatAnswers(CsatStore store, IOptions<CsatOptions> options, ILogger<CsatAnswers> logger)
{
    public async Task RecordAsync(IReadOnlyList<ReplyClassified> replies, CancellationToken cancellationToken)
    {
        foreach (var reply in replies)
        {
            if (reply.SessionType != CsatSurveys.SessionType)
                continue;
            if (!CsatSurveys.TryReadAnswer(reply, out var answer))
            {
                logger.NoScore(reply.InboundMessageId, reply.PromptMessageId, reply.Action);
                continue;
            }
            var low = CsatSurveys.IsLow(options.Value, answer.Score);
            var outcome = await store.RecordAsync(answer, low, cancellationToken);
            if (outcome == CsatOutcome.Stored)
                logger.ScoreStored(answer.PromptMessageId, answer.ConversationId, answer.Score, low ? ", reopened and flagged" : "");
            else
                logger.ScoreNotStored(answer.PromptMessageId, outcome);
        }
    }
}
