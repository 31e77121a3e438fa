using System.Globalization;
using Sms.Compliance.Data;

namespace Sms.Compliance.Consent;

/// <summary>
/// The ledger's export for audit as CSV: a header, then one line per event, oldest first. Fields that hold a comma, a
/// quote or a line break are quoted, and a text a spreadsheet would run as a formula is defused (<see cref="ConsentCsv.Field"/>):
/// evidence texts come from customers. Pure.
/// </summary>
public static class ConsentCsvExport
{
    /// <summary>The columns; <c>purposes</c> lists what each event covers, space-separated (<c>informational marketing</c>).</summary>
    public const string Header = "id,number,scope,kind,source,rule,evidence_message_id,evidence_text,occurred_at,recorded_at,purposes,confirmed_message_id,confirmed_text\n";

    /// <summary>One event as a CSV line, line break included; kinds and sources spelt as the ledger spells them (<see cref="LedgerCodes"/>).</summary>
    public static string Line(ConsentEvent e) =>
        string.Join(',',
            e.Id.ToString(CultureInfo.InvariantCulture), ConsentCsv.Field(e.Number), ConsentCsv.Field(e.Scope),
            LedgerCodes.Of(e.Kind), LedgerCodes.Of(e.Source), ConsentCsv.Field(e.Rule), e.EvidenceMessageId?.ToString() ?? "",
            ConsentCsv.Field(e.EvidenceText),
            e.OccurredAt.ToString("O", CultureInfo.InvariantCulture), e.RecordedAt.ToString("O", CultureInfo.InvariantCulture),
            string.Join(' ', e.Purposes.Select(ConsentPurposes.Code)), e.ConfirmedMessageId?.ToString() ?? "", ConsentCsv.Field(e.ConfirmedText)) + "\n";
}
