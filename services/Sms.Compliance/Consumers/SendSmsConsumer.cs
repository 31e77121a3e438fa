using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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
/// Decides every send: <see cref="SmsApproved"/> or <see cref="SmsSuppressed"/>. The recipient's consent comes from
/// the <see cref="ConsentCache"/>, with the send registered in flight until its approval is on the broker, so an
/// opt-out's confirmation is published only after every approval decided on the old state (see there). Consent is
/// that of the brand of the sending number (a send without one goes out from the default sender, so its brand). An
/// approved send of a category kept to quiet hours, outside the recipient's window (in the contact's own time zone when
/// one is set, else the zones of the number), is stored as deferred (<see cref="SmsDeferred"/>) and decided again when
/// the window opens. A marketing send to a number with a pending review (a message that may have asked to stop) is held
/// too (<see cref="SendDecision.IsHeld"/>) and decided again when the review is decided. A marketing send about to be
/// approved is counted against its brand's frequency cap (<see cref="FrequencyCaps"/>) and suppressed beyond it; a send
/// beyond its brand's daily budget (<see cref="DailyBudgets"/>) is deferred to the next day.
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
    QuietHoursPolicy quietHours,
    DeferredSends deferred,
    ContactTimeZones contactTimeZones,
    FrequencyCaps frequencyCaps,
    FrequencyCapCounter frequencyCapCounter,
    DailyBudgets dailyBudgets,
    DailyBudgetCounter dailyBudgetCounter,
    IOptions<ComplianceOptions> options,
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
            await DecideAsync(context, SendPolicy.Decide(request, null), registration: null, ApprovalConsent.Confirms(request, answered));
            return;
        }

        await using var registration = await cache.EnterSendAsync(request.To, brands.ScopeFor(request.From), context.CancellationToken);
        await DecideAsync(context, SendPolicy.Decide(request, registration.State), registration, confirms: null);
    }

    private async Task DecideAsync(
        ConsumeContext<SendSms> context, SendDecision decision, SendRegistration? registration, ConfirmedOptOut? confirms)
    {
        var request = context.Message;
        if (decision.IsHeld)
        {
            var recheckAt = clock.GetUtcNow() + options.Value.ReviewRecheckInterval;
            await deferred.HoldForReviewAsync(request, recheckAt, context.CancellationToken);
            await context.Publish(
                new SmsDeferred { Request = request, DeferredUntil = recheckAt, Detail = decision.Detail!, DeferredAt = clock.GetUtcNow() },
                p => p.MessageId = MessageIds.Derive(request.MessageId, "held-for-review"),
                context.CancellationToken);
            ComplianceMetrics.SendDecisions.Add(1, new KeyValuePair<string, object?>("outcome", "held"));
            logger.SendHeldForReview(request.MessageId, recheckAt);
            return;
        }

        if (decision.IsApproved && await DeferralAsync(request, context.CancellationToken) is { } deferral)
        {
            await DeferAsync(context, deferral.Until, deferral.TimeZones, deferral.Region is { } region
                ? $"Quiet hours in the recipient's time zone ({deferral.TimeZones}) and region ({region.Describe()}); held until the window opens."
                : $"Quiet hours in the recipient's time zone ({deferral.TimeZones}); held until the window opens.");
            return;
        }

        // The brand's daily budget, then the number's frequency cap: a send the cap holds back gives its place back.
        var now = clock.GetUtcNow();
        var scope = brands.ScopeFor(request.From);
        var budget = decision.IsApproved && dailyBudgets.For(scope) is { } brandBudget && DailyBudgets.Counts(brandBudget, request) ? brandBudget : null;
        if (budget is not null && !await dailyBudgetCounter.TryUseAsync(scope, budget, request.MessageId, now))
        {
            var nextDay = budget.NextDayStart(now);
            await DeferAsync(context, nextDay, $"daily budget ({budget.Zone.Id})", budget.Detail(scope, nextDay));
            return;
        }

        if (decision.IsApproved && FrequencyCaps.Counts(request))
        {
            decision = await FrequencyCapAsync(request, scope, now, context.CancellationToken) ?? decision;
            if (!decision.IsApproved && budget is not null) await dailyBudgetCounter.ReturnAsync(scope, budget, request.MessageId, now);
        }

        if (decision.IsApproved)
        {
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
            return;
        }

        var reason = decision.Reason!.Value;
        await context.Publish(
            new SmsSuppressed { Request = request, Reason = reason, Detail = decision.Detail!, SuppressedAt = clock.GetUtcNow() },
            p => p.MessageId = MessageIds.Derive(request.MessageId, "suppressed"),
            context.CancellationToken);
        ComplianceMetrics.SendDecisions.Add(1,
            new KeyValuePair<string, object?>("outcome", "suppressed"),
            new KeyValuePair<string, object?>("reason", reason.ToString()));
        logger.SendSuppressed(request.MessageId, Redact.Phone(request.To), reason);
    }

    /// <summary>
    /// Counts a marketing send against its brand's frequency cap, as it is about to be approved (after quiet hours, so a
    /// deferred send counts when it goes); the suppression when the cap holds it back, else null.
    /// </summary>
    private async Task<SendDecision?> FrequencyCapAsync(SendSms request, string scope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var rules = frequencyCaps.For(scope, request.To);
        var check = await frequencyCapCounter.TryCountAsync(scope, request.To, request.MessageId, rules, now);
        return check.IsAllowed
            ? null
            : SendDecision.Suppress(SuppressionReason.FrequencyCapped, FrequencyCaps.Detail(scope, rules, check.CappedBy!, check.NextAllowedAt!.Value));
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

    /// <summary>When quiet hours hold the send back, until when; the contact's time zone is read only for such sends.</summary>
    private async Task<Deferral?> DeferralAsync(SendSms request, CancellationToken cancellationToken)
    {
        if (!quietHours.AppliesTo(request)) return null;
        var contactZone = await contactTimeZones.GetAsync(request.To, cancellationToken);
        return quietHours.DeferUntil(request, clock.GetUtcNow(), contactZone);
    }
}
