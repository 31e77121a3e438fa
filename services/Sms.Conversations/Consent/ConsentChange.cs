using Sms.Contracts.Compliance;
using Sms.Conversations.Threads;

namespace Sms.Conversations.Consent;

/// <summary>
/// A consent change Compliance reported (<see cref="OptOutRecorded"/>, <see cref="OptInRecorded"/>) as the inbox keeps
/// it: one state per customer number, brand (<see cref="Scope"/>) and purpose, so an opt-out of one brand does not hide
/// an opt-in to another, and a marketing opt-out does not read as an opt-out of reminders. Stored by
/// <c>Data/ThreadProjection.RecordConsentAsync</c>, where the newest change of each brand and purpose wins.
/// </summary>
/// <param name="State"><see cref="OptedIn"/> or <see cref="OptedOut"/>.</param>
/// <param name="Purposes">The purposes it changes, as stored (<c>informational</c>, <c>marketing</c>), each once.</param>
/// <param name="Source">How it was given or revoked, as stored (<c>keyword</c>, <c>double_opt_in</c>, …).</param>
/// <param name="Rule">The rule that fired, e.g. <c>keyword:STOP</c>.</param>
/// <param name="ChangedAt">When Compliance recorded it: what orders changes that arrive out of order.</param>
public sealed record ConsentChange(
    string Number, string Scope, string State, IReadOnlyList<string> Purposes, string Source, string Rule, DateTimeOffset ChangedAt)
{
    public const string OptedIn = "opted_in";
    public const string OptedOut = "opted_out";

    /// <summary>Every purpose, as stored: what a change from a Compliance that predates purposes covers.</summary>
    public static readonly IReadOnlyList<string> EveryPurpose = [.. Enum.GetValues<ConsentPurpose>().Select(StoredNames.Of)];

    public static ConsentChange Of(OptOutRecorded optOut) => new(
        optOut.Number, optOut.Scope, OptedOut, PurposesOf(optOut.Purposes), StoredNames.Of(optOut.Source), optOut.Rule, optOut.RecordedAt);

    public static ConsentChange Of(OptInRecorded optIn) => new(
        optIn.Number, optIn.Scope, OptedIn, PurposesOf(optIn.Purposes), StoredNames.Of(optIn.Source), optIn.Rule, optIn.RecordedAt);

    /// <summary>
    /// The purposes a change names, each once. Null is a change from a Compliance that predates purposes and covers
    /// every purpose; so does an empty list, which no current sender writes (a STOP revokes everything, and reading
    /// "nothing" would leave an opt-out unshown). A value this service does not know is left out.
    /// </summary>
    public static IReadOnlyList<string> PurposesOf(IReadOnlyList<ConsentPurpose>? purposes) =>
        purposes is null or { Count: 0 }
            ? EveryPurpose
            : [.. purposes.Where(Enum.IsDefined).Distinct().Order().Select(StoredNames.Of)];
}
