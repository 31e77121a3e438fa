using Sms.Compliance.Consent;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;

namespace Sms.Compliance.Data;

/// <summary>
/// The dry run: how each send of a request would be decided at a moment, by <see cref="SendDecider"/> as a real send
/// is, recording nothing. Consent is read from the ledger for every send in one query, without registering a send in
/// flight (nothing waits for a dry run) and without caching; the zones and counters come from
/// <see cref="DryRunSendDecisionStore"/>. Sends are decided in the request's order, so each counts against the caps
/// and budgets the earlier ones would use.
/// </summary>
public sealed class SendDryRun(
    ConsentLedger ledger,
    BrandScopes brands,
    SendDecider decider,
    ContactTimeZones contactTimeZones,
    FrequencyCaps frequencyCaps,
    FrequencyCapCounter frequencyCapCounter,
    DailyBudgets dailyBudgets,
    DailyBudgetCounter dailyBudgetCounter)
{
    public async Task<IReadOnlyList<SendEvaluation>> EvaluateAsync(IReadOnlyList<SendSms> sends, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var scoped = sends.Select(s => (Send: s, Scope: brands.ScopeFor(s.From))).ToList();
        var consent = ledger.GetStatesAsync(
            scoped.Where(s => SendPolicy.NeedsConsentState(s.Send)).Select(s => (s.Send.To, s.Scope)).ToList(), cancellationToken);
        var store = DryRunSendDecisionStore.LoadAsync(scoped, at, contactTimeZones, frequencyCaps, frequencyCapCounter,
            dailyBudgets, dailyBudgetCounter, cancellationToken);
        await Task.WhenAll(consent, store);

        var outcomes = new List<SendEvaluation>(scoped.Count);
        foreach (var (send, scope) in scoped)
        {
            var state = SendPolicy.NeedsConsentState(send) ? consent.Result[(send.To, scope)] : null;
            var verdict = await decider.DecideAsync(send, state, at, store.Result, cancellationToken);
            outcomes.Add(new SendEvaluation
            {
                MessageId = send.MessageId,
                Outcome = verdict.Outcome,
                Reason = verdict.Decision.Reason,
                Detail = verdict.Detail,
                DeferredUntil = verdict.Outcome == SendOutcome.Deferred ? verdict.Until : null,
            });
        }
        return outcomes;
    }
}
