using Microsoft.Extensions.Options;
using Sms.Compliance.Data;
using Sms.Compliance.Extensions;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;

namespace Sms.Compliance.Consent;

/// <summary>
/// How one send is decided: its outcome and, when it waits, until when (<see cref="Until"/>), on what
/// (<see cref="HeldFor"/>, as stored with a deferral) and why (<see cref="Detail"/>).
/// </summary>
public sealed record SendVerdict
{
    private SendVerdict(SendOutcome outcome, SendDecision decision, DateTimeOffset? until = null, string? heldFor = null, string? detail = null)
    {
        Outcome = outcome;
        Decision = decision;
        Until = until;
        HeldFor = heldFor;
        Detail = detail ?? decision.Detail;
    }

    public SendOutcome Outcome { get; }

    /// <summary>The consent decision behind it; for a suppression, its reason.</summary>
    public SendDecision Decision { get; }

    /// <summary>Until when a deferred send waits, or when a held one is checked again.</summary>
    public DateTimeOffset? Until { get; }

    /// <summary>What a deferred send waits for: the zones of quiet hours, or the daily budget and its zone.</summary>
    public string? HeldFor { get; }

    /// <summary>A sentence for people; null when approved.</summary>
    public string? Detail { get; }

    public static SendVerdict Approved { get; } = new(SendOutcome.Approved, SendDecision.Approve);

    public static SendVerdict Suppressed(SendDecision decision) => new(SendOutcome.Suppressed, decision);

    public static SendVerdict Held(SendDecision decision, DateTimeOffset recheckAt) => new(SendOutcome.Held, decision, recheckAt);

    public static SendVerdict Deferred(DateTimeOffset until, string heldFor, string detail) =>
        new(SendOutcome.Deferred, SendDecision.Approve, until, heldFor, detail);
}

/// <summary>
/// What a send decision reads beyond the recipient's consent, and the counters it uses: the contact's own time zone,
/// the brand's daily budget and the number's frequency cap. A real send counts (<see cref="LiveSendDecisionStore"/>);
/// the dry run only reads and counts within its own request (<see cref="DryRunSendDecisionStore"/>).
/// </summary>
public interface ISendDecisionStore
{
    /// <summary>The contact's own time zone, or null (the zones of the number's prefix apply).</summary>
    Task<TimeZoneInfo?> ContactZoneAsync(string number, CancellationToken cancellationToken);

    /// <summary>Counts the send against its brand's budget for the day of <paramref name="now"/>; false when that day's budget is used up.</summary>
    Task<bool> TryUseBudgetAsync(string scope, DailyBudget budget, Guid messageId, DateTimeOffset now);

    /// <summary>Gives a counted send's place in the budget back (it was suppressed after all).</summary>
    Task ReturnBudgetAsync(string scope, DailyBudget budget, Guid messageId, DateTimeOffset now);

    /// <summary>Counts a marketing send if every rule of its frequency cap allows it; otherwise counts nothing.</summary>
    Task<FrequencyCapCheck> TryCountFrequencyAsync(string scope, string number, Guid messageId, FrequencyCapRules rules, DateTimeOffset now);
}

/// <summary>
/// The one sequence that decides a send, used by the real send (<c>Consumers/SendSmsConsumer</c>, which then publishes,
/// defers or holds) and by the dry run (<c>Consumers/EvaluateSendsConsumer</c>, which only reports), so both give the
/// same answer: <see cref="SendPolicy.Decide"/> on the consent state (suppressed, held for a pending review, or
/// approved); an approved send of a category kept to quiet hours, outside the recipient's window (the contact's own
/// zone when one is set, else the zones of the number; and the region's window for marketing), deferred until it
/// opens; then the brand's daily budget (the overflow deferred to the next day); then the number's frequency cap for
/// marketing (suppressed beyond it, its place in the budget given back). Quiet hours come before both counters, so a
/// deferred send counts when it goes.
/// </summary>
public sealed class SendDecider(
    BrandScopes brands,
    QuietHoursPolicy quietHours,
    FrequencyCaps frequencyCaps,
    DailyBudgets dailyBudgets,
    IOptions<ComplianceOptions> options)
{
    /// <param name="request">The send.</param>
    /// <param name="consent">The recipient's consent in the send's scope; null only when <see cref="SendPolicy.NeedsConsentState"/> says it is not needed.</param>
    /// <param name="now">The moment decided for.</param>
    /// <param name="store">The contact's zone and the counters: live, or the dry run's.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<SendVerdict> DecideAsync(
        SendSms request, ConsentState? consent, DateTimeOffset now, ISendDecisionStore store, CancellationToken cancellationToken)
    {
        var decision = SendPolicy.Decide(request, consent);
        if (decision.IsHeld) return SendVerdict.Held(decision, now + options.Value.ReviewRecheckInterval);
        if (!decision.IsApproved) return SendVerdict.Suppressed(decision);

        // The contact's zone is read only for sends quiet hours apply to.
        if (quietHours.AppliesTo(request)
            && quietHours.DeferUntil(request, now, await store.ContactZoneAsync(request.To, cancellationToken)) is { } deferral)
        {
            return SendVerdict.Deferred(deferral.Until, deferral.TimeZones, deferral.Region is { } region
                ? $"Quiet hours in the recipient's time zone ({deferral.TimeZones}) and region ({region.Describe()}); held until the window opens."
                : $"Quiet hours in the recipient's time zone ({deferral.TimeZones}); held until the window opens.");
        }

        // The brand's daily budget, then the number's frequency cap: a send the cap holds back gives its place back.
        var scope = brands.ScopeFor(request.From);
        var budget = dailyBudgets.For(scope) is { } brandBudget && DailyBudgets.Counts(brandBudget, request) ? brandBudget : null;
        if (budget is not null && !await store.TryUseBudgetAsync(scope, budget, request.MessageId, now))
        {
            var nextDay = budget.NextDayStart(now);
            return SendVerdict.Deferred(nextDay, $"daily budget ({budget.Zone.Id})", budget.Detail(scope, nextDay));
        }

        if (FrequencyCaps.Counts(request))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rules = frequencyCaps.For(scope, request.To);
            var check = await store.TryCountFrequencyAsync(scope, request.To, request.MessageId, rules, now);
            if (!check.IsAllowed)
            {
                if (budget is not null) await store.ReturnBudgetAsync(scope, budget, request.MessageId, now);
                return SendVerdict.Suppressed(SendDecision.Suppress(SuppressionReason.FrequencyCapped,
                    FrequencyCaps.Detail(scope, rules, check.CappedBy!, check.NextAllowedAt!.Value)));
            }
        }

        return SendVerdict.Approved;
    }
}
