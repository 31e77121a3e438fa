using Sms.Outbound.Carriers;

namespace Sms.Outbound.Tests.Carriers;

public class SenderAddressTests
{
    [TestCase("+447700900000", "447700900000")]
    [TestCase("447700900000", "447700900000")]
    [TestCase("ACME", "ACME")]
    [TestCase("Acme Shop", "Acme Shop")]
    [TestCase("88888", "88888")]
    [TestCase(" +447700900000 ", "447700900000")]
    public void Carriers_get_digits_without_plus_or_the_alphanumeric_sender(string address, string expected)
    {
        Assert.That(SenderAddress.DigitsOrAlphanumeric(address), Is.EqualTo(expected));
    }

    [TestCase("+447700900000", "+447700900000")]
    [TestCase("447700900000", "+447700900000")]
    [TestCase("ACME", "ACME")]
    [TestCase("88888", "88888")]
    public void Events_get_E164_with_plus_for_a_number_and_the_sender_id_as_given(string sender, string expected)
    {
        Assert.That(SenderAddress.ForEvents(sender), Is.EqualTo(expected));
    }

    [TestCase("+447700900000", true)]
    [TestCase("1234567", true)]
    [TestCase("123456", false)]
    [TestCase("+1234567890123456", false)]
    [TestCase("ACME", false)]
    [TestCase("+44 7700 900000", false)]
    public void A_phone_number_is_7_to_15_digits_with_an_optional_plus(string address, bool expected)
    {
        Assert.That(SenderAddress.IsPhoneNumber(address), Is.EqualTo(expected));
    }
}
