using Sms.Compliance.Consent;
using Sms.Contracts.Compliance;

namespace Sms.Compliance.Tests.Consent;

public class ConsentCsvExportTests
{
    [Test]
    public void A_line_spells_codes_as_the_ledger_quotes_what_holds_a_comma_and_defuses_a_formula()
    {
        var evidenceId = Guid.Parse("5a0f0d3c-2f7e-4b1e-9f53-2b8f1e6c1d2a");
        var line = ConsentCsvExport.Line(new ConsentEvent
        {
            Id = 42,
            Number = "+447700900001",
            Scope = "acme",
            Kind = ConsentKind.OptOut,
            Source = ConsentSource.CarrierSignal,
            Rule = "carrier:twilio:21610",
            EvidenceMessageId = evidenceId,
            EvidenceText = "=HYPERLINK(\"x\"), please",
            OccurredAt = new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero),
            RecordedAt = new DateTimeOffset(2025, 6, 1, 9, 0, 1, TimeSpan.Zero),
        });

        Assert.That(line, Is.EqualTo(
            "42,+447700900001,acme,opt_out,carrier_signal,carrier:twilio:21610,5a0f0d3c-2f7e-4b1e-9f53-2b8f1e6c1d2a," +
            "\"'=HYPERLINK(\"\"x\"\"), please\",2025-06-01T09:00:00.0000000+00:00,2025-06-01T09:00:01.0000000+00:00," +
            "informational marketing,,\n"));
        Assert.That(ConsentCsvExport.Header.TrimEnd('\n').Split(',').Length, Is.EqualTo(line.TrimEnd('\n').Split(',').Length - 1),
            "one field per column; the evidence's own comma is inside its quotes");
    }
}
