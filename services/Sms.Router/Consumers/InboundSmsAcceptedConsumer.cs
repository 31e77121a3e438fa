using MassTransit;
using Sms.Contracts.Compliance;
using Sms.Contracts.Inbound;
using Sms.Router.Data;
using Sms.Router.Extensions;
using Sms.Router.Replies;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Router.Consumers;

/// <summary>
/// A customer's message that is not a compliance keyword: classified against the customer's open sessions, asked
/// again (a clarification, counted in Redis), or acknowledged and escalated. No message is left unanswered.
/// </summary>
internal sealed class InboundSmsAcceptedConsumer(
    SessionStore store, ReplyDecider decider, TimeProvider clock, ILogger<InboundSmsAcceptedConsumer> logger)
    : IConsumer<InboundSmsAccepted>
{
    /// <summary>Another reply can take a session between loading and closing it; then the reply is decided again.</summary>
    private const int MaxAttempts = 3;

    public async Task Consume(ConsumeContext<InboundSmsAccepted> context)
    {
        var message = context.Message.Message;
        var decision = await DecideAsync(message, context.CancellationToken);
        if (decision is ClarifyReply clarify)
        {
            var attempt = await store.RecordClarificationAsync(clarify.Session, message.MessageId, context.CancellationToken);
            decision = decider.AfterClarifications(clarify, attempt);
            if (decision is ClarifyReply) logger.ReplyClarified(message.MessageId, Redact.Phone(message.From), clarify.Session.Id, attempt);
        }

        switch (decision)
        {
            case ClassifyReply classified:
                await PublishAsync(context, message, classified);
                break;
            case EscalateReply escalated:
                await PublishAsync(context, message, escalated);
                break;
            case ClarifyReply clarified:
                RouterMetrics.Replies.Add(1, new KeyValuePair<string, object?>("outcome", "clarified"));
                await context.Publish(ReplyMessages.Clarification(message, clarified), context.CancellationToken);
                break;
            default:
                throw new InvalidOperationException($"No handling for the decision {decision.GetType().Name}.");
        }
    }

    private async Task<ReplyDecision> DecideAsync(InboundSmsReceived message, CancellationToken cancellationToken)
    {
        var earlier = await store.FindAnswerAsync(message.MessageId, cancellationToken);
        if (earlier is not null)
        {
            logger.ReplyRepeated(message.MessageId);
            return ReplyDecider.Classified(earlier.Match, earlier.AnsweredAt);
        }

        for (var attempt = 1; ; attempt++)
        {
            var sessions = await store.LoadAsync(message.From, cancellationToken);
            var decision = decider.Decide(message, sessions, clock.GetUtcNow());
            if (decision is not ClassifyReply classified) return decision;

            var answer = new SessionAnswer(message.MessageId, classified.Match, classified.ClassifiedAt);
            if (await store.CloseAsync(answer, cancellationToken)) return classified;

            logger.SessionTakenMeanwhile(classified.Match.Session.Id, message.MessageId);
            if (attempt == MaxAttempts)
                throw new InvalidOperationException($"Sessions of reply {message.MessageId} kept changing while it was classified.");
        }
    }

    private Task PublishAsync(ConsumeContext context, InboundSmsReceived message, ClassifyReply decision)
    {
        var match = decision.Match;
        RouterMetrics.Replies.Add(1, new KeyValuePair<string, object?>("outcome", "classified"), new KeyValuePair<string, object?>("ambiguous", match.Ambiguous));
        logger.ReplyClassified(message.MessageId, Redact.Phone(message.From), match.Session.Id, match.Session.SessionType, match.Action, match.Ambiguous);

        var classified = context.Publish(ReplyMessages.Classified(message, decision), context.CancellationToken);
        return ReplyMessages.AutoResponse(message, decision) is { } autoResponse
            ? Task.WhenAll(classified, context.Publish(autoResponse, context.CancellationToken))
            : classified;
    }

    private Task PublishAsync(ConsumeContext context, InboundSmsReceived message, EscalateReply decision)
    {
        RouterMetrics.Replies.Add(1, new KeyValuePair<string, object?>("outcome", "escalated"), new KeyValuePair<string, object?>("reason", decision.Reason.ToString()));
        logger.ReplyEscalated(message.MessageId, Redact.Phone(message.From), decision.Reason.ToString(), decision.Priority.ToString());

        return Task.WhenAll(
            context.Publish(ReplyMessages.Acknowledgement(message, decision), context.CancellationToken),
            context.Publish(ReplyMessages.Escalated(message, decision), context.CancellationToken));
    }
}
