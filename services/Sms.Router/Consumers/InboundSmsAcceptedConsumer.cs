using MassTransit;
using Sms.Contracts.Compliance;
using Sms.Contracts.Inbound;
using Sms.Router.Data;
using Sms.Router.Engagement;
using Sms.Router.Extensions;
using Sms.Router.Flows;
using Sms.Router.Handoff;
using Sms.Router.Replies;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Router.Consumers;

/// <summary>
/// A customer's message that is not a compliance keyword: classified against the customer's open sessions, asked
/// again (a clarification, counted in Redis), or escalated (handed to people, who tell the customer). No message is
/// left unanswered. A reply to a flow step moves its run on (<see cref="FlowEngine"/>); what the message says about the
/// contact (engagement points, a flow's labels) goes to the inbox as <c>ContactProfileChanged</c>. While people own the
/// conversation (<see cref="OwnershipStore"/>; README, "Who owns a conversation") the automation sends nothing.
/// </summary>
public sealed class InboundSmsAcceptedConsumer(
    SessionStore store,
    OwnershipStore owners,
    ReplyDecider decider,
    FlowEngine flows,
    EngagementScorer engagement,
    TimeProvider clock,
    ILogger<InboundSmsAcceptedConsumer> logger)
    : IConsumer<InboundSmsAccepted>
{
    /// <summary>Another reply can take a session between loading and closing it; then the reply is decided again.</summary>
    private const int MaxAttempts = 3;

    public async Task Consume(ConsumeContext<InboundSmsAccepted> context)
    {
        var message = context.Message.Message;
        var ownership = await owners.GetAsync(message.From, message.To);
        var decision = await DecideAsync(message, peopleOwn: !ownership.AutomationDecides(message.MessageId), context.CancellationToken);
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
                await owners.MarkEscalatedAsync(message.From, message.To, message.MessageId, escalated.EscalatedAt);
                await PublishAsync(context, message, escalated);
                break;
            case LeaveToPeople left:
                RouterMetrics.Replies.Add(1, new KeyValuePair<string, object?>("outcome", "left_to_people"));
                logger.ReplyLeftToPeople(message.MessageId, Redact.Phone(message.From), ownership.Agent ?? ownership.Team ?? "(a team's queue)");
                await PublishProfileChangeAsync(context, message, answeredSession: false, flow: null, left.At);
                break;
            case ClarifyReply clarified:
                RouterMetrics.Replies.Add(1, new KeyValuePair<string, object?>("outcome", "clarified"));
                await Task.WhenAll(
                    context.Publish(ReplyMessages.Clarification(message, clarified), context.CancellationToken),
                    PublishProfileChangeAsync(context, message, answeredSession: false, flow: null, clarified.ClarifiedAt));
                break;
            default:
                throw new InvalidOperationException($"No handling for the decision {decision.GetType().Name}.");
        }
    }

    private async Task<ReplyDecision> DecideAsync(InboundSmsReceived message, bool peopleOwn, CancellationToken cancellationToken)
    {
        var earlier = await store.FindAnswerAsync(message.MessageId, cancellationToken);
        if (earlier is not null)
        {
            logger.ReplyRepeated(message.MessageId);
            return ReplyDecider.Classified(earlier.Match, earlier.AnsweredAt, peopleOwn);
        }

        for (var attempt = 1; ; attempt++)
        {
            var sessions = await store.LoadAsync(message.From, cancellationToken);
            var decision = decider.Decide(message, sessions, clock.GetUtcNow(), peopleOwn);
            if (decision is not ClassifyReply classified) return decision;

            var answer = new SessionAnswer(message.MessageId, classified.Match, classified.ClassifiedAt);
            if (await store.CloseAsync(answer, cancellationToken))
            {
                // Counted when the session closes, so a redelivered reply (answered above from its stored answer) counts once.
                RouterMetrics.Replies.Add(1, new KeyValuePair<string, object?>("outcome", "classified"), new KeyValuePair<string, object?>("ambiguous", classified.Match.Ambiguous));
                return classified;
            }

            logger.SessionTakenMeanwhile(classified.Match.Session.Id, message.MessageId);
            if (attempt == MaxAttempts)
                throw new InvalidOperationException($"Sessions of reply {message.MessageId} kept changing while it was classified.");
        }
    }

    private async Task PublishAsync(ConsumeContext context, InboundSmsReceived message, ClassifyReply decision)
    {
        var match = decision.Match;
        logger.ReplyClassified(message.MessageId, Redact.Phone(message.From), match.Session.Id, match.Session.SessionType, match.Action, match.Ambiguous);

        var publishes = new List<Task> { context.Publish(ReplyMessages.Classified(message, decision), context.CancellationToken) };
        if (ReplyMessages.AutoResponse(message, decision) is { } autoResponse)
            publishes.Add(context.Publish(autoResponse, context.CancellationToken));

        var flow = flows.OnReply(message, match, decision.ClassifiedAt);
        if (flow?.Problem is not null)
        {
            logger.FlowLost(match.Session.Id, flow.Run.RunId, flow.Problem);
            flow = null;
        }
        else if (flow is not null && decision.PeopleOwn)
        {
            // People own the conversation: the run stops at this step (the answer is classified above), and only
            // what the step says about the contact (its labels) is kept.
            logger.FlowStoppedForPeople(flow.Run.FlowName, flow.Run.RunId, flow.Step, message.MessageId);
            flow = flow with { Send = null, Escalation = null, Completed = false };
        }
        else if (flow is not null)
        {
            var next = flow.Send?.Prompt?.Context[FlowRun.StepKey] ?? "(end)";
            logger.FlowStepAnswered(flow.Run.FlowName, flow.Run.RunId, flow.Step, message.MessageId, next, flow.Completed, flow.Escalation is not null);
            RouterMetrics.FlowSteps.Add(1, new KeyValuePair<string, object?>("flow", flow.Run.FlowName), new KeyValuePair<string, object?>("outcome", flow.Completed ? "completed" : "answered"));
            if (flow.Send is { } send) publishes.Add(context.Publish(send, context.CancellationToken));
            if (flow.Escalation is { } escalation)
            {
                await owners.MarkEscalatedAsync(message.From, message.To, message.MessageId, escalation.EscalatedAt);
                publishes.Add(context.Publish(escalation, context.CancellationToken));
            }
        }
        publishes.Add(PublishProfileChangeAsync(context, message, answeredSession: true, flow, decision.ClassifiedAt));
        await Task.WhenAll(publishes);
    }

    private Task PublishProfileChangeAsync(ConsumeContext context, InboundSmsReceived message, bool answeredSession, FlowOutcome? flow, DateTimeOffset at) =>
        engagement.ForMessage(message, answeredSession, flow, at) is { } change
            ? context.Publish(change, context.CancellationToken)
            : Task.CompletedTask;

    private Task PublishAsync(ConsumeContext context, InboundSmsReceived message, EscalateReply decision)
    {
        RouterMetrics.Replies.Add(1, new KeyValuePair<string, object?>("outcome", "escalated"), new KeyValuePair<string, object?>("reason", decision.Reason.ToString()));
        logger.ReplyEscalated(message.MessageId, Redact.Phone(message.From), decision.Reason.ToString(), decision.Priority.ToString());

        return Task.WhenAll(
            context.Publish(ReplyMessages.Escalated(message, decision), context.CancellationToken),
            PublishProfileChangeAsync(context, message, answeredSession: false, flow: null, decision.EscalatedAt));
    }
}
