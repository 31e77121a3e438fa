using MassTransit;
using Sms.Contracts.Routing;
using Sms.Router.Data;
using Sms.Router.Engagement;
using Sms.Router.Extensions;
using Sms.Router.Flows;

namespace Sms.Router.Consumers;

/// <summary>
/// A flow step left unanswered takes its timeout branch: a message, the next step's prompt, labels, or a quiet end.
/// Ids derive from the expired session, so a redelivered event sends nothing twice. Other sessions' expiries are
/// for upstream systems and need nothing here. While people own the conversation the branch's message is not sent
/// (README, "Who owns a conversation") and the run stops.
/// </summary>
public sealed class SessionExpiredConsumer(FlowEngine engine, OwnershipStore owners, ILogger<SessionExpiredConsumer> logger) : IConsumer<SessionExpired>
{
    public async Task Consume(ConsumeContext<SessionExpired> context)
    {
        var expired = context.Message;
        var outcome = engine.OnTimeout(expired);
        if (outcome is null) return;
        if (outcome.Problem is not null)
        {
            logger.FlowLost(expired.SessionId, outcome.Run.RunId, outcome.Problem);
            return;
        }

        if (outcome.Send is not null && (await owners.GetAsync(expired.CustomerNumber, expired.BusinessNumber)).PeopleOwn)
        {
            logger.FlowTimeoutLeftToPeople(outcome.Run.FlowName, outcome.Run.RunId, outcome.Step);
            outcome = outcome with { Send = null };
        }

        var next = outcome.Send?.Prompt?.Context[FlowRun.StepKey] ?? (outcome.Send is null ? "(end)" : "(message, end)");
        logger.FlowStepTimedOut(outcome.Run.FlowName, outcome.Run.RunId, outcome.Step, expired.SessionId, next);
        RouterMetrics.FlowSteps.Add(1, new KeyValuePair<string, object?>("flow", outcome.Run.FlowName), new KeyValuePair<string, object?>("outcome", "timed_out"));

        var publishes = new List<Task>();
        if (outcome.Send is { } send) publishes.Add(context.Publish(send, context.CancellationToken));
        if (EngagementScorer.ForTimeout(expired, outcome) is { } change) publishes.Add(context.Publish(change, context.CancellationToken));
        await Task.WhenAll(publishes);
    }
}
