using Sms.ServiceDefaults.Telemetry;

namespace Sms.ServiceDefaults.Tests.Telemetry;

public sealed class RedactTests
{
    [TestCase("+447700900123", "+44********23")]
    [TestCase("+15550100000", "+1********00")]
    [TestCase("+123456789012345", "+123**********45")]
    [TestCase("+44770091", "+******91")]
    [TestCase("+1234567", "+*****67")]
    [TestCase("447700900123", "44********23")]
    [TestCase("12345678", "******78")]
    [TestCase("72345", "****5")]
    [TestCase("12", "**")]
    [TestCase("+1", "+*")]
    public void A_number_shows_its_start_and_end_only_as_far_as_its_length_allows(string number, string redacted) =>
        Assert.That(Redact.Phone(number), Is.EqualTo(redacted));

    [TestCase("+447700900123")]
    [TestCase("+15550100000")]
    [TestCase("+44770091")]
    [TestCase("12345678")]
    [TestCase("123456")]
    [TestCase("1234")]
    [TestCase("ACMESHOP")]
    public void No_more_than_a_third_of_the_digits_stay_visible(string number)
    {
        var redacted = Redact.Phone(number);

        Assert.That(redacted, Has.Length.EqualTo(number.Length));
        Assert.That(redacted.TrimStart('+').Count(c => c != '*'), Is.LessThanOrEqualTo(number.TrimStart('+').Length / 3));
    }

    [TestCase(null)]
    [TestCase("")]
    public void A_missing_number_says_so(string? number) => Assert.That(Redact.Phone(number), Is.EqualTo("(none)"));
}
