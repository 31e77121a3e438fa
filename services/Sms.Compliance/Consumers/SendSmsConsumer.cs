using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Compliance.Consent;
using Sms.Compliance.Data;
using Sms.Compliance.Extensions;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.ServiceDefaults.Messaging;
using Sms.ServiceDefaults.Messaging.Watchdog;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Compliance.Consumers;

/// <summary>
/// Decides every send: <see cref="SmsApproved"/> or <see cref="SmsSuppressed"/>, or waits. The decision itself is
/// <see cref="SendDecider"/>'s, the code the dry run (<see cref="EvaluateSendsConsumer"/>) shares, so a dry run's
/// numbers are the real run's; this consumer reads consent and acts. The recipient's consent comes from
/// the <see cref="ConsentCache"/>, with the send registered in flight until its approval is on the broker, so an
/// opt-out's confirmation is published only after every approval decided on the old state (see there). Consent is
/// that of the brand of the sending number (a send without one goes out from the default sender, so its brand). A send
/// deferred by quiet hours or the brand's daily budget (<see cref="DailyBudgets"/>) is stored (<see cref="SmsDeferred"/>)
/// and decided again when the window opens or the next day starts; a marketing send to a number with a pending review
/// (a message that may have asked to stop) is held (<see cref="SendDecision.IsHeld"/>) and decided again when the
/// review is decided; a marketing send beyond its brand's frequency cap (<see cref="FrequencyCaps"/>) is suppressed.
/// Every approval names the consent it was decided on and, when it is the reply confirming an opt-out, that opt-out
/// (<see cref="ApprovalConsent"/>), so Outbound can hold the confirmation's order at the carrier too.
/// Fails closed: when the ledger or the cache cannot be read the exception goes back to MassTransit, which retries
/// for as long as PostgreSQL or Redis is unreachable (<c>UseSmsMessageRetry</c>); nothing is decided meanwhile.
/// </summary>
/// <remarks>One half of the "no send after STOP" protocol across Compliance and Outbound: README, "No send after STOP".</remarks>
public sealed class SendSmsConsumer(
    ConsentCache cache,
    ConsentLedger ledger,
    IBus bus,
    BusActivity activity,
    BrandScopes brands,
    SendDecider decider,
    LiveSendDecisionStore store,
    DeferredSends deferred,
    TimeProvider clock,
    ILogger<SendSmsConsumer> logger) : IConsumer<SendSms>
{
    public async Task Consume(ConsumeContext<SendSms> context)
    {
        var request = context.Message;
        if (!SendPolicy.NeedsConsentState(request))
        {
            var answered = ApprovalConsent.MayConfirm(request)
                ? await ledger.GetCausedByAsync(request.InReplyTo!.Value, context.CancellationToken)
                : null;
            await ActAsync(context, await decider.DecideAsync(request, null, clock.GetUtcNow(), store, context.CancellationToken),
                registration: null, ApprovalConsent.Confirms(request, answered));
            return;
        }

        await using var registration = await cache.EnterSendAsync(request.To, brands.ScopeFor(request.From), context.CancellationToken);
        await ActAsync(context, await decider.DecideAsync(request, registration.State, clock.GetUtcNow(), store, context.CancellationToken),
            registration, confirms: null);
    }

    /// <summary>Acts on the decision: holds, defers, approves or suppresses the send, and says so.</summary>
    private async Task ActAsync(
        ConsumeContext<SendSms> context, SendVerdict verdict, SendRegistration? registration, ConfirmedOptOut? confirms)
    {
        var request = context.Message;
        switch (verdict.Outcome)
        {
            case SendOutcome.Held:
                var recheckAt = verdict.Until!.Value;
                await deferred.HoldForReviewAsync(request, recheckAt, context.CancellationToken);
                await context.Publish(
                    new SmsDeferred { Request = request, DeferredUntil = recheckAt, Detail = verdict.Detail!, DeferredAt = clock.GetUtcNow() },
                    p => p.MessageId = MessageIds.Derive(request.MessageId, "held-for-review"),
                    context.CancellationToken);
                ComplianceMetrics.SendDecisions.Add(1, new KeyValuePair<string, object?>("outcome", "held"));
                logger.SendHeldForReview(request.MessageId, recheckAt);
                return;
            case SendOutcome.Deferred:
                await DeferAsync(context, verdict.Until!.Value, verdict.HeldFor!, verdict.Detail!);
                return;
            case SendOutcome.Approved:
                await ApproveAsync(context, registration, confirms);
                return;
            default:
                var reason = verdict.Decision.Reason!.Value;
                await context.Publish(
                    new SmsSuppressed { Request = request, Reason = reason, Detail = verdict.Detail!, SuppressedAt = clock.GetUtcNow() },
                    p => p.MessageId = MessageIds.Derive(request.MessageId, "suppressed"),
                    context.CancellationToken);
                ComplianceMetrics.SendDecisions.Add(1,
                    new KeyValuePair<string, object?>("outcome", "suppressed"),
                    new KeyValuePair<string, object?>("reason", reason.ToString()));
                logger.SendSuppressed(request.MessageId, Redact.Phone(request.To), reason);
                return;
        }
    }

    private async Task ApproveAsync(ConsumeContext<SendSms> context, SendRegistration? registration, ConfirmedOptOut? confirms)
    {
        var request = context.Message;
        if (registration is { IsExpired: true })
            throw new TimeoutException("The send took too long to decide; an opt-out may not have waited for it. Retrying.");

        if (registration?.State is { DoubleOptInOpen: true } state)
        {
            // The double opt-in question is answered only by the customer's next reply: once anything else is
            // sent ("Reply YES to confirm your appointment"), a YES answers that message, not the question. Closed
            // before the approval goes out, so a reply to this send can never find it open.
            await ledger.ForgetDoubleOptInAsync(state.Number, state.Scope, context.CancellationToken);
            await cache.InvalidateAsync(state.Number, state.Scope, drain: false, context.CancellationToken);
        }

        // Straight to the broker, not through the consumer's outbox: the approval must be published while the
        // send is still registered in flight, so a racing opt-out's confirmation comes after it.
        await activity.TrackPublishAsync(bus,
            new SmsApproved
            {
                Request = request,
                ApprovedAt = clock.GetUtcNow(),
                DecidedOn = ApprovalConsent.Basis(registration?.State),
                ConfirmsOptOut = confirms,
            },
            p =>
            {
                p.MessageId = MessageIds.Derive(request.MessageId, "approved");
                p.ConversationId = context.ConversationId;
                p.CorrelationId = context.CorrelationId;
                p.InitiatorId = context.MessageId;
            },
            context.CancellationToken);
        ComplianceMetrics.SendDecisions.Add(1, new KeyValuePair<string, object?>("outcome", "approved"));
        logger.SendApproved(request.MessageId);
    }

    /// <summary>Stores the send to be decided again at <paramref name="until"/> and says so (<see cref="SmsDeferred"/>).</summary>
    private async Task DeferAsync(ConsumeContext<SendSms> context, DateTimeOffset until, string heldFor, string detail)
    {
        var request = context.Message;
        await deferred.DeferAsync(request, until, heldFor, context.CancellationToken);
        await context.Publish(
            new SmsDeferred { Request = request, DeferredUntil = until, Detail = detail, DeferredAt = clock.GetUtcNow() },
            p => p.MessageId = MessageIds.Derive(request.MessageId, "deferred"),
            context.CancellationToken);
        ComplianceMetrics.SendDecisions.Add(1, new KeyValuePair<string, object?>("outcome", "deferred"));
        logger.SendDeferred(request.MessageId, until);
    }
}
