using Sms.Campaigns.Audience;

namespace Sms.Campaigns.Tests.Audience;

/// <summary>An uploaded audience file read: members with their attributes, and every other row by line and reason.</summary>
public sealed class AudienceCsvTests
{
    [Test]
    public void Numbers_are_normalised_and_the_other_columns_become_attributes()
    {
        var parsed = AudienceCsv.Parse("Number,First Name,tier\r\n+44 7700-900 001,Ada,gold\r\n0044 7700 900002,,silver\r\n447700900003,\"Lovelace, Ada\",\r\n");

        Assert.Multiple(() =>
        {
            Assert.That(parsed.HeaderProblem, Is.Null);
            Assert.That(parsed.Problems, Is.Empty);
            Assert.That(parsed.Members.Select(m => (m.Line, m.Number)),
                Is.EqualTo(new[] { (2, "+447700900001"), (3, "+447700900002"), (4, "+447700900003") }));
            Assert.That(parsed.Members[0].Attributes, Is.EqualTo(new Dictionary<string, string> { ["first_name"] = "Ada", ["tier"] = "gold" }));
            Assert.That(parsed.Members[1].Attributes, Is.EqualTo(new Dictionary<string, string> { ["tier"] = "silver" }), "an empty cell is no attribute");
            Assert.That(parsed.Members[2].Attributes["first_name"], Is.EqualTo("Lovelace, Ada"));
        });
    }

    [Test]
    public void Bad_rows_are_reported_by_line_with_their_reason_and_the_good_rows_kept()
    {
        var parsed = AudienceCsv.Parse(string.Join('\n',
            "number,name",
            "+447700900001,Ada",
            "07700 900123,national",
            "ACME,sender id",
            ",empty",
            "+447700900004",
            "+447700900005,\"multi",
            "line\"",
            "+447700900006,bell\u0007",
            "",
            "+447700900007,Grace"));

        Assert.Multiple(() =>
        {
            Assert.That(parsed.Members.Select(m => m.Line), Is.EqualTo(new[] { 2, 7, 11 }), "a quoted line break keeps the line numbers true");
            Assert.That(parsed.Problems.Select(p => p.Line), Is.EqualTo(new[] { 3, 4, 5, 6, 9 }));
            Assert.That(parsed.Problems[0].Reason, Does.Contain("international form").And.Contain("country code"),
                "a national number cannot be told from another country's");
            Assert.That(parsed.Problems[2].Reason, Is.EqualTo("The number is empty."));
            Assert.That(parsed.Problems[3].Reason, Is.EqualTo("Expected 2 fields as in the header, found 1."));
            Assert.That(parsed.Problems[4].Reason, Does.StartWith("The column name:").And.Contain("control character"));
            Assert.That(parsed.Problems.Select(p => p.Reason), Has.None.Contains("07700"), "a reason does not echo the number");
            Assert.That(parsed.Rows, Is.EqualTo(8), "the blank line is not a row");
        });
    }

    [Test]
    public void A_number_written_twice_is_kept_once_and_the_later_rows_reported_as_duplicates_of_the_first()
    {
        var parsed = AudienceCsv.Parse("number,code\n+447700900001,A\n+44 7700 900001,B\n+447700900002,C\n00447700900001,D\n");

        Assert.Multiple(() =>
        {
            Assert.That(parsed.Members.Select(m => (m.Number, m.Attributes["code"])),
                Is.EqualTo(new[] { ("+447700900001", "A"), ("+447700900002", "C") }), "the first row wins");
            Assert.That(parsed.Problems.Select(p => (p.Line, p.DuplicateOf)), Is.EqualTo(new[] { (3, (int?)2), (5, 2) }));
            Assert.That(parsed.Problems[0].Reason, Does.Contain("line 2"));
        });
    }

    [TestCase("name,email\n+447700900001,Ada\n")]
    [TestCase("+447700900001\n")]
    [TestCase("")]
    public void A_file_without_a_number_column_is_not_an_audience(string text)
    {
        var parsed = AudienceCsv.Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(parsed.HeaderProblem, Does.Contain("number"));
            Assert.That(parsed.Members, Is.Empty);
        });
    }

    [Test]
    public void A_phone_column_and_a_byte_order_mark_are_understood()
    {
        var parsed = AudienceCsv.Parse("\uFEFFPhone, Store-Name \n+15550100999,Main St\n");

        Assert.That(parsed.Members.Single().Attributes, Is.EqualTo(new Dictionary<string, string> { ["store_name"] = "Main St" }));
    }
}
