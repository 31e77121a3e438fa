using Sms.Contracts.Compliance;

namespace Sms.Campaigns.Contacts;

/// <summary>
/// A consent change Compliance reported (<see cref="OptInRecorded"/>, <see cref="OptOutRecorded"/>) as the projection
/// keeps it (<c>campaigns.contact_consents</c>): one state per number, brand scope and purpose, ordered by when
/// Compliance recorded it, so a late or repeated event changes nothing. Pure.
/// </summary>
/// <param name="Purposes">The purposes it changes as stored (<c>informational</c>, <c>marketing</c>), each once.</param>
public sealed record ConsentChange(string Number, string Scope, string State, IReadOnlyList<string> Purposes, DateTimeOffset ChangedAt)
{
    public const string OptedIn = "opted_in";
    public const string OptedOut = "opted_out";

    /// <summary>Every purpose, as stored: what a change that names none covers.</summary>
    public static readonly IReadOnlyList<string> EveryPurpose = [.. Enum.GetValues<ConsentPurpose>().Select(Stored)];

    public static ConsentChange Of(OptInRecorded optIn) => new(optIn.Number, optIn.Scope, OptedIn, PurposesOf(optIn.Purposes), optIn.RecordedAt);

    public static ConsentChange Of(OptOutRecorded optOut) => new(optOut.Number, optOut.Scope, OptedOut, PurposesOf(optOut.Purposes), optOut.RecordedAt);

    /// <summary>
    /// The purposes a change names, each once. Null (a Compliance that predates purposes; a STOP) or empty covers every
    /// purpose; a value this service does not know is left out.
    /// </summary>
    public static IReadOnlyList<string> PurposesOf(IReadOnlyList<ConsentPurpose>? purposes) =>
        purposes is null or { Count: 0 } ? EveryPurpose : [.. purposes.Where(Enum.IsDefined).Distinct().Order().Select(Stored)];

    private static string Stored(ConsentPurpose purpose) => purpose.ToString().ToLowerInvariant();
}
