using Sms.Contracts.Compliance;
using Sms.Compliance.Consent;
using Sms.Compliance.Data;

namespace Sms.Compliance.Http;

/// <summary>
/// A number's consent in a brand now: <see cref="State"/> in one word (opted_out when informational messages are,
/// opted_in when any purpose is, else none), each purpose's own state with the event that decided it
/// (<see cref="Purposes"/>), whether marketing is held for a pending review, the ledger events it all follows from,
/// and the contact's own time zone when one is set (quiet hours use it instead of the number's).
/// </summary>
public sealed record ConsentView(
    string Number, string Scope, string State, IReadOnlyList<ConsentHistoryEntry> History, string? TimeZone,
    ConsentPurposesView Purposes, bool ReviewPending);

/// <summary>Each purpose's state: informational messages are sent unless opted out; marketing needs an opt-in.</summary>
public sealed record ConsentPurposesView(PurposeStateView Informational, PurposeStateView Marketing)
{
    public static ConsentPurposesView From(ConsentState state) => new(
        PurposeStateView.From(state, ConsentPurpose.Informational), PurposeStateView.From(state, ConsentPurpose.Marketing));
}

/// <summary>One purpose: its state (opted_in, opted_out, none), whether a send of it goes out now, and the event that decided it.</summary>
public sealed record PurposeStateView(string State, bool Allowed, ConsentHistoryEntry? DecidedBy)
{
    public static PurposeStateView From(ConsentState state, ConsentPurpose purpose)
    {
        var status = state.StatusOf(purpose);
        var allowed = purpose == ConsentPurpose.Marketing
            ? !state.IsOptedOut && status == ConsentStatus.OptedIn && !state.ReviewPending
            : status != ConsentStatus.OptedOut;
        return new(LedgerCodes.Of(status), allowed, state.LatestFor(purpose) is { } e ? ConsentHistoryEntry.From(e) : null);
    }
}

/// <summary>
/// One ledger event behind the state, with its evidence: the message that caused it and what it said, and for a double
/// opt-in the first message it confirms.
/// </summary>
public sealed record ConsentHistoryEntry(
    string Kind, string Source, string Rule, Guid? EvidenceMessageId, string? EvidenceText, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt,
    IReadOnlyList<string> Purposes, Guid? ConfirmedMessageId, string? ConfirmedText)
{
    public static ConsentHistoryEntry From(ConsentEvent e) =>
        new(LedgerCodes.Of(e.Kind), LedgerCodes.Of(e.Source), e.Rule, e.EvidenceMessageId, e.EvidenceText, e.OccurredAt, e.RecordedAt,
            e.Purposes.Select(ConsentPurposes.Code).ToList(), e.ConfirmedMessageId, e.ConfirmedText);
}

/// <summary>
/// <c>POST /v1/consent/{number}/opt-in</c>: an opt-in with express consent, recorded with its evidence (what the
/// customer agreed to, where and how), for the purposes named (<c>informational</c>, <c>marketing</c>; none: both),
/// and optionally the contact's IANA time zone for quiet hours.
/// </summary>
public sealed record OptInRequest(
    bool ExpressConsent, string? Evidence, Guid? EvidenceMessageId, DateTimeOffset? OccurredAt, string? TimeZone = null, string[]? Purposes = null);

/// <summary><c>PUT /v1/consent/{number}/time-zone</c>: the contact's own time zone, an IANA id such as <c>America/Los_Angeles</c>.</summary>
public sealed record TimeZoneRequest(string? TimeZone);

/// <summary>The contact's own time zone as stored.</summary>
public sealed record TimeZoneView(string Number, string TimeZone);

/// <summary>
/// <c>POST /v1/consent/{number}/opt-out</c>: an agent opts the number out, of the purposes named (e.g. only
/// <c>marketing</c>, so reminders keep coming; none: both).
/// </summary>
public sealed record AgentOptOutRequest(string? Agent, string? Reason, Guid? EvidenceMessageId, string[]? Purposes = null);

/// <summary>
/// <c>POST /v1/consent/import</c>'s answer: the file's data rows, how many were recorded, how many had been imported
/// before, and every row refused with its line.
/// </summary>
public sealed record ImportResult(int Rows, int Applied, int AlreadyImported, IReadOnlyList<ImportError> Errors);

/// <summary>One ledger event as exported for audit, with the purposes it covers and a double opt-in's first message.</summary>
public sealed record LedgerExportEntry(
    long Id, string Number, string Scope, string Kind, string Source, string Rule, Guid? EvidenceMessageId, string? EvidenceText,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, IReadOnlyList<string> Purposes, Guid? ConfirmedMessageId, string? ConfirmedText)
{
    public static LedgerExportEntry From(ConsentEvent e) => new(
        e.Id, e.Number, e.Scope, LedgerCodes.Of(e.Kind), LedgerCodes.Of(e.Source), e.Rule, e.EvidenceMessageId, e.EvidenceText,
        e.OccurredAt, e.RecordedAt, e.Purposes.Select(ConsentPurposes.Code).ToList(), e.ConfirmedMessageId, e.ConfirmedText);
}

/// <summary>
/// Why a validator refuses a request: the fields and what is wrong with each, answered as a 400 validation problem
/// under <see cref="Title"/> (the framework's default title when null).
/// </summary>
public sealed record ValidationRefusal(IDictionary<string, string[]> Errors, string? Title)
{
    public static ValidationRefusal Of(string field, string error, string? title) => new(new Dictionary<string, string[]> { [field] = [error] }, title);
}
