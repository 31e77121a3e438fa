using Sms.Compliance.Consent;
using Sms.Compliance.Data;

namespace Sms.Compliance.Http;

/// <summary>
/// A number's consent now and the ledger events it follows from, and the contact's own time zone when one is set
/// (quiet hours use it instead of the number's).
/// </summary>
public sealed record ConsentView(string Number, string Scope, string State, IReadOnlyList<ConsentHistoryEntry> History, string? TimeZone);

/// <summary>One ledger event behind the state, with its evidence: the message that caused it and what it said.</summary>
public sealed record ConsentHistoryEntry(
    string Kind, string Source, string Rule, Guid? EvidenceMessageId, string? EvidenceText, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt)
{
    public static ConsentHistoryEntry From(ConsentEvent e) =>
        new(LedgerCodes.Of(e.Kind), LedgerCodes.Of(e.Source), e.Rule, e.EvidenceMessageId, e.EvidenceText, e.OccurredAt, e.RecordedAt);
}

/// <summary>
/// <c>POST /v1/consent/{number}/opt-in</c>: an opt-in with express consent for marketing, recorded with its evidence
/// (what the customer agreed to, where and how), and optionally the contact's IANA time zone for quiet hours.
/// </summary>
public sealed record OptInRequest(bool ExpressConsent, string? Evidence, Guid? EvidenceMessageId, DateTimeOffset? OccurredAt, string? TimeZone = null);

/// <summary><c>PUT /v1/consent/{number}/time-zone</c>: the contact's own time zone, an IANA id such as <c>America/Los_Angeles</c>.</summary>
public sealed record TimeZoneRequest(string? TimeZone);

/// <summary>The contact's own time zone as stored.</summary>
public sealed record TimeZoneView(string Number, string TimeZone);

/// <summary><c>POST /v1/consent/{number}/opt-out</c>: an agent opts the number out from the inbox.</summary>
public sealed record AgentOptOutRequest(string? Agent, string? Reason, Guid? EvidenceMessageId);

/// <summary>
/// <c>POST /v1/consent/import</c>'s answer: the file's data rows, how many were recorded, how many had been imported
/// before, and every row refused with its line.
/// </summary>
public sealed record ImportResult(int Rows, int Applied, int AlreadyImported, IReadOnlyList<ImportError> Errors);

/// <summary>One ledger event as exported for audit.</summary>
public sealed record LedgerExportEntry(
    long Id, string Number, string Scope, string Kind, string Source, string Rule, Guid? EvidenceMessageId, string? EvidenceText,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt)
{
    public static LedgerExportEntry From(ConsentEvent e) => new(
        e.Id, e.Number, e.Scope, LedgerCodes.Of(e.Kind), LedgerCodes.Of(e.Source), e.Rule, e.EvidenceMessageId, e.EvidenceText,
        e.OccurredAt, e.RecordedAt);
}

/// <summary>
/// Why a validator refuses a request: the fields and what is wrong with each, answered as a 400 validation problem
/// under <see cref="Title"/> (the framework's default title when null).
/// </summary>
public sealed record ValidationRefusal(IDictionary<string, string[]> Errors, string? Title)
{
    public static ValidationRefusal Of(string field, string error, string? title) => new(new Dictionary<string, string[]> { [field] = [error] }, title);
}
