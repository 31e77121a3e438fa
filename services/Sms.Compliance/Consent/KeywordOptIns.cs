using Sms.Contracts.Compliance;

namespace Sms.Compliance.Consent;

/// <summary>What a keyword opt-in grants, and whether marketing must be asked for separately.</summary>
/// <param name="Purposes">The purposes the opt-in event covers: informational always, marketing when it restores it.</param>
/// <param name="AskForMarketing">
/// The number has no marketing consent after it: only a double opt-in (its Y to the question) may grant it.
/// </param>
public sealed record KeywordOptInPlan(IReadOnlyList<ConsentPurpose> Purposes, bool AskForMarketing);

/// <summary>
/// A keyword opt-in (START, UNSTOP, SUBSCRIBE, JOIN, and YES from an opted-out number) restores what the latest opt-out
/// revoked, never more. Informational messages come back (the customer asked for messages again). Marketing comes
/// back only when the number had opted in to marketing right before the opt-out that revoked it; a number that never
/// had marketing consent (or had already lost it) gets it only through a double opt-in. Pure.
/// </summary>
/// <remarks>
/// "STOP, then START" from a number opted in to marketing: both purposes again. From a number that only ever got
/// reminders: reminders again, no marketing. An agent's marketing-only opt-out, later a STOP and a START: reminders
/// only, since the STOP revoked no marketing consent.
/// </remarks>
public static class KeywordOptIns
{
    /// <param name="history">The number's events in the scope, oldest first (the ledger's order).</param>
    public static KeywordOptInPlan Plan(IReadOnlyList<ConsentEvent> history)
    {
        var marketing = ConsentStatus.None;
        var marketingBeforeLatestOptOut = ConsentStatus.None;
        foreach (var e in history.Where(e => e.Covers(ConsentPurpose.Marketing)))
        {
            if (e.Kind == ConsentKind.OptOut) marketingBeforeLatestOptOut = marketing;
            marketing = e.Kind == ConsentKind.OptIn ? ConsentStatus.OptedIn : ConsentStatus.OptedOut;
        }

        var restoresMarketing = marketing == ConsentStatus.OptedOut && marketingBeforeLatestOptOut == ConsentStatus.OptedIn;
        return restoresMarketing
            ? new KeywordOptInPlan(ConsentPurposes.All, AskForMarketing: false)
            : new KeywordOptInPlan(ConsentPurposes.Informational, AskForMarketing: marketing != ConsentStatus.OptedIn);
    }
}
