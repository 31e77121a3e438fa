using Sms.Ingress.Numbers;
using Sms.Ingress.Validation;
using Sms.ServiceDefaults.Validation;

namespace Sms.Ingress.Tests.Numbers;

/// <summary>Every number a carrier sends, normalised to E.164 with libphonenumber in one place.</summary>
public class InboundNumbersTests
{
    // raw, default region, expected value, expected kind
    [TestCase("447911123456", null, "+447911123456", AddressKind.ValidNumber, Description = "Vonage msisdn: international without +")]
    [TestCase("+447911123456", null, "+447911123456", AddressKind.ValidNumber, Description = "Twilio: E.164")]
    [TestCase("0044 7911 123456", null, "+447911123456", AddressKind.ValidNumber, Description = "00 prefix and spaces")]
    [TestCase("+44 (0)7911-123.456", null, "+447911123456", AddressKind.ValidNumber, Description = "UK (0) trunk prefix written in")]
    [TestCase("14155552671", null, "+14155552671", AddressKind.ValidNumber, Description = "North American msisdn")]
    [TestCase(" +1 415 555 2671 ", null, "+14155552671", AddressKind.ValidNumber)]
    [TestCase("07911 123456", "GB", "+447911123456", AddressKind.ValidNumber, Description = "national format with a default region")]
    [TestCase("(415) 555-2671", "US", "+14155552671", AddressKind.ValidNumber, Description = "US national format")]
    [TestCase("447911123456", "US", "+447911123456", AddressKind.ValidNumber, Description = "international wins over the region")]
    [TestCase("447700900123", null, "+447700900123", AddressKind.UnverifiedNumber, Description = "UK drama range: not valid, kept")]
    [TestCase("+15550100000", null, "+15550100000", AddressKind.UnverifiedNumber, Description = "555 test range: not valid, kept")]
    [TestCase("07700 900123", "GB", "+447700900123", AddressKind.UnverifiedNumber, Description = "national, not valid, kept in E.164")]
    [TestCase("88888", null, "88888", AddressKind.NotANumber, Description = "short code")]
    [TestCase(" 12345 ", "GB", "12345", AddressKind.NotANumber, Description = "short code, trimmed")]
    [TestCase("ACME", null, "ACME", AddressKind.NotANumber, Description = "alphanumeric sender id")]
    [TestCase("Vonage 1", null, "Vonage 1", AddressKind.NotANumber, Description = "alphanumeric with a space, as given")]
    [TestCase("07911123456", null, "07911123456", AddressKind.NotANumber, Description = "national, but no default region")]
    [TestCase("4477009000011234567", null, "4477009000011234567", AddressKind.NotANumber, Description = "longer than E.164")]
    public void Normalises(string raw, string? region, string expected, AddressKind kind) =>
        Assert.That(new InboundNumbers(region).Normalise(raw), Is.EqualTo(new InboundAddress(expected, kind)));

    [TestCase("ZZ")]
    [TestCase("England")]
    public void An_unknown_default_region_is_refused(string region) =>
        Assert.That(() => new InboundNumbers(region), Throws.ArgumentException.With.Message.Contains(region));

    [Test]
    public void A_customer_number_that_is_not_a_phone_number_is_an_error_that_does_not_echo_it()
    {
        var errors = new List<FieldError>();
        var number = CarrierNumbers.Customer(InboundNumbers.International, "From", "SECRETCO", errors);
        Assert.Multiple(() =>
        {
            Assert.That(number, Is.Null);
            Assert.That(errors.Single().Field, Is.EqualTo("From"));
            Assert.That(errors.Single().Message, Does.Not.Contain("SECRETCO"));
        });
    }
}
