using Sms.Compliance.Consent;

namespace Sms.Compliance.Tests.Consent;

public class PhoneNumberTests
{
    [TestCase("+447700900001", "+447700900001")]
    [TestCase("447700900001", "+447700900001")]
    [TestCase(" +447700900001 ", "+447700900001")]
    [TestCase("ACME", "ACME")]
    [TestCase("12345", "12345")]
    [TestCase(null, "")]
    public void Carrier_numbers_without_a_plus_get_one(string? given, string expected) =>
        Assert.That(PhoneNumber.Normalize(given), Is.EqualTo(expected));
}
