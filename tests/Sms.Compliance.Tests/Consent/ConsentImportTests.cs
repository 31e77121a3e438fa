using Sms.Compliance.Consent;
using Sms.Contracts.Compliance;

namespace Sms.Compliance.Tests.Consent;

public class ConsentImportTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 2, 12, 0, 0, TimeSpan.Zero);

    private const string Csv = """
        number,kind,occurred_at,evidence
        +447700900001,opt_out,,called the office
        +447700900002,opt_in,2025-06-01T08:30:00Z,signed up at the desk
        +447700900003,opt_out,2030-06-03T09:00:00Z,
        +447700900004,maybe,,
        """;

    [Test]
    public void Every_good_row_becomes_an_import_event_and_a_row_dated_after_now_is_refused_by_its_line_with_the_others()
    {
        var plan = ConsentImport.Plan(ConsentCsv.Parse(Csv), "acme", Now);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Consents.Select(c => (c.Row.Line, c.Event.Number, c.Event.Kind, c.Event.Rule)), Is.EqualTo(new[]
            {
                (2, "+447700900001", ConsentKind.OptOut, "import:opt_out"),
                (3, "+447700900002", ConsentKind.OptIn, "import:opt_in"),
            }));
            Assert.That(plan.Consents.Select(c => c.Event.Scope).Distinct(), Is.EqualTo(new[] { "acme" }));
            Assert.That(plan.Consents.Select(c => c.Event.Source).Distinct(), Is.EqualTo(new[] { ConsentSource.Import }));
            Assert.That(plan.Consents[0].Event.OccurredAt, Is.EqualTo(Now), "an undated row happened at the import");
            Assert.That(plan.Consents[0].Event.EvidenceText, Is.EqualTo("called the office"));
            Assert.That(plan.Errors.Select(e => e.Line), Is.EqualTo(new[] { 4, 5 }), "in line order, the file's own errors kept");
            Assert.That(plan.Errors[0].Error, Does.StartWith("occurred_at: ").And.Contain("future"));
        });
    }

    [Test]
    public void The_same_file_gives_the_same_ids_so_importing_it_again_adds_nothing_and_another_brand_gets_ids_of_its_own()
    {
        var first = ConsentImport.Plan(ConsentCsv.Parse(Csv), "acme", Now);
        var again = ConsentImport.Plan(ConsentCsv.Parse(Csv), "acme", Now.AddDays(1));
        var otherBrand = ConsentImport.Plan(ConsentCsv.Parse(Csv), "globex", Now);

        Assert.Multiple(() =>
        {
            Assert.That(again.Consents.Select(c => c.Cause), Is.EqualTo(first.Consents.Select(c => c.Cause)),
                "an undated row too: its id does not depend on when it was imported");
            Assert.That(otherBrand.Consents.Select(c => c.Cause).Intersect(first.Consents.Select(c => c.Cause)), Is.Empty);
            Assert.That(first.Consents.Select(c => c.Cause).Distinct().Count(), Is.EqualTo(first.Consents.Count));
        });
    }
}
