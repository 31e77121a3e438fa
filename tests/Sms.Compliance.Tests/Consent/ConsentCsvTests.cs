using Sms.Compliance.Consent;

namespace Sms.Compliance.Tests.Consent;

public class ConsentCsvTests
{
    [Test]
    public void Good_rows_are_returned_and_bad_rows_reported_with_their_line_numbers()
    {
        const string csv = """
            number,kind,occurred_at,evidence
            +447700900001,opt_out,2025-06-01T09:00:00Z,called the office
            +447700900002,opt-in,2025-06-01T08:30:00Z,"signed up at the desk, form 12"
            07700900003,opt_out,,
            +447700900004,maybe,,

            +447700900005,stop,yesterday,
            +447700900006,opt_out
            +447700900007,START,2025-06-01 10:00,"said ""yes"" on the phone"
            """;

        var parsed = ConsentCsv.Parse(csv);

        Assert.Multiple(() =>
        {
            Assert.That(parsed.Rows.Select(r => (r.Line, r.Number, r.Kind)), Is.EqualTo(new[]
            {
                (2, "+447700900001", ConsentKind.OptOut),
                (3, "+447700900002", ConsentKind.OptIn),
                (9, "+447700900007", ConsentKind.OptIn),
            }));
            Assert.That(parsed.Rows[0].OccurredAt, Is.EqualTo(new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero)));
            Assert.That(parsed.Rows[1].Evidence, Is.EqualTo("signed up at the desk, form 12"));
            Assert.That(parsed.Rows[1].OccurredAt, Is.EqualTo(new DateTimeOffset(2025, 6, 1, 8, 30, 0, TimeSpan.Zero)));
            Assert.That(parsed.Rows[2].Evidence, Is.EqualTo("said \"yes\" on the phone"));
            Assert.That(parsed.Errors.Select(e => e.Line), Is.EqualTo(new[] { 4, 5, 7, 8 }));
            Assert.That(parsed.Errors[0].Error, Does.Contain("E.164"));
            Assert.That(parsed.Errors[1].Error, Does.Contain("'maybe' is not a kind"));
            Assert.That(parsed.Errors[2].Error, Does.Contain("date"));
            Assert.That(parsed.Errors[3].Error, Does.Contain("Expected 4 fields"));
        });
    }

    [TestCase("number,kind,occurred_at\n+447700900001,opt_in,\n+447700900002,opt_out,\n")]
    [TestCase("number,kind\n+447700900001,opt_in\n+447700900002,opt_out\n")]
    public void An_opt_in_needs_its_date_and_an_opt_out_may_go_without(string csv)
    {
        var parsed = ConsentCsv.Parse(csv);

        Assert.Multiple(() =>
        {
            Assert.That(parsed.Errors.Single().Line, Is.EqualTo(2));
            Assert.That(parsed.Errors.Single().Error, Does.Contain("opt_in row needs occurred_at"));
            Assert.That(parsed.Rows.Single().Number, Is.EqualTo("+447700900002"));
            Assert.That(parsed.Rows.Single().OccurredAt, Is.Null);
        });
    }

    [Test]
    public void A_quoted_field_with_a_line_break_keeps_the_line_numbers_of_later_rows()
    {
        var parsed = ConsentCsv.Parse("number,kind,evidence\r\n+447700900001,opt_out,\"line one\nline two\"\r\nbad,opt_out,\r\n");

        Assert.Multiple(() =>
        {
            Assert.That(parsed.Rows.Single().Evidence, Is.EqualTo("line one\nline two"));
            Assert.That(parsed.Errors.Single().Line, Is.EqualTo(4));
        });
    }

    [TestCase("")]
    [TestCase("phone,status\n+447700900001,opt_out")]
    public void A_file_without_the_columns_is_one_error_on_line_1(string csv) =>
        Assert.That(ConsentCsv.Parse(csv).Errors.Single().Line, Is.EqualTo(1));

    [Test]
    public void Columns_may_come_in_any_order_and_case() =>
        Assert.That(ConsentCsv.Parse("\uFEFFKind,Number\nopt_out,+447700900001").Rows.Single().Number, Is.EqualTo("+447700900001"));

    [TestCase("opt_out", ConsentKind.OptOut)]
    [TestCase("OPT-OUT", ConsentKind.OptOut)]
    [TestCase("optout", ConsentKind.OptOut)]
    [TestCase(" stop ", ConsentKind.OptOut)]
    [TestCase("opt_in", ConsentKind.OptIn)]
    [TestCase("Opt-In", ConsentKind.OptIn)]
    [TestCase("start", ConsentKind.OptIn)]
    public void Kinds_are_read_in_their_usual_spellings(string value, ConsentKind kind) =>
        Assert.That(ConsentCsv.KindFrom(value), Is.EqualTo(kind));

    [TestCase("yes")]
    [TestCase("")]
    [TestCase("opted out")]
    public void Other_kinds_are_refused(string value) => Assert.That(ConsentCsv.KindFrom(value), Is.Null);

    [TestCase("plain", "plain")]
    [TestCase("a, b", "\"a, b\"")]
    [TestCase("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [TestCase("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [TestCase("+447700900001", "+447700900001")]
    [TestCase(null, "")]
    public void Export_fields_are_quoted_and_formulas_defused(string? value, string expected) =>
        Assert.That(ConsentCsv.Field(value), Is.EqualTo(expected));

    [Test]
    public void A_time_zone_column_gives_the_contact_zone_and_an_unknown_zone_is_an_error_on_its_line()
    {
        var parsed = ConsentCsv.Parse("number,kind,time_zone\n+447700900001,opt_out,America/Los_Angeles\n+447700900002,opt_out,\n+447700900003,opt_out,Moon/Base\n");

        Assert.Multiple(() =>
        {
            Assert.That(parsed.Rows.Select(r => r.TimeZone), Is.EqualTo(new[] { "America/Los_Angeles", null }));
            Assert.That(parsed.Errors.Single().Line, Is.EqualTo(4));
            Assert.That(parsed.Errors.Single().Error, Does.Contain("'Moon/Base' is not an IANA time zone"));
        });
    }
}
