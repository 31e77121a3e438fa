using Sms.ServiceDefaults.Numbers;

namespace Sms.ServiceDefaults.Tests.Numbers;

public sealed class PhoneNumbersTests
{
    [TestCase("+447700900123")]
    [TestCase("+15555550100")]
    [TestCase("+123456789012345")]
    [TestCase("+1234567")]
    public void E164_numbers_are_E164(string number) => Assert.That(PhoneNumbers.IsE164(number), Is.True);

    [TestCase(null)]
    [TestCase("")]
    [TestCase("447700900123")]
    [TestCase(" 447700900123")]
    [TestCase("+0447700900123")]
    [TestCase("+44 7700 900123")]
    [TestCase("+1234567890123456")]
    [TestCase("+123456")]
    [TestCase("+44770090012a")]
    [TestCase("+447700900123\n")]
    [TestCase("ACME")]
    public void Anything_else_is_not_E164(string? number) => Assert.That(PhoneNumbers.IsE164(number), Is.False);

    [TestCase("+447700900001", "+447700900001")]
    [TestCase("447700900001", "+447700900001")]
    [TestCase(" +447700900001 ", "+447700900001")]
    [TestCase("00447700900001", "+447700900001")]
    [TestCase("+44 7700-900 001", "+447700900001")]
    [TestCase("0044 7700 900001", "+447700900001")]
    [TestCase("+1 (555) 000.1000", "+15550001000")]
    [TestCase(" 15550001000 ", "+15550001000")]
    [TestCase("+1234567", "+1234567")]
    public void A_number_however_written_becomes_E164(string number, string e164) =>
        Assert.That(PhoneNumbers.Normalise(number), Is.EqualTo(e164));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("ACME")]
    [TestCase("My Brand")]
    [TestCase("88888")]
    [TestCase("+123456")]
    [TestCase("+1234567890123456")]
    [TestCase("+0447700900001")]
    [TestCase("+44abc")]
    [TestCase("+44+7700900001")]
    public void What_is_not_a_full_phone_number_does_not_normalise(string? value) =>
        Assert.That(PhoneNumbers.Normalise(value), Is.Null);

    [TestCase("+447700900001", "+447700900001")]
    [TestCase("447700900001", "+447700900001")]
    [TestCase(" +447700900001 ", "+447700900001")]
    [TestCase("+44 7700-900 001", "+447700900001")]
    [TestCase("ACME", "ACME")]
    [TestCase(" Acme Shop ", "Acme Shop")]
    [TestCase("88888", "88888")]
    [TestCase("12345", "12345")]
    public void The_canonical_form_is_E164_for_a_number_and_the_sender_id_as_given(string value, string canonical) =>
        Assert.That(PhoneNumbers.Canonical(value), Is.EqualTo(canonical));

    [TestCase("+15550001000", "15550001000", true)]
    [TestCase("+1 555 000 1000", "0015550001000", true)]
    [TestCase("+15550001000", "+15550002000", false)]
    [TestCase("MyBrand", "MYBRAND", true)]
    [TestCase("88888", " 88888", true)]
    [TestCase("+15550001000", null, false)]
    [TestCase(null, null, false)]
    public void Recognises_the_same_number_however_it_is_written(string? a, string? b, bool same) =>
        Assert.That(PhoneNumbers.Same(a, b), Is.EqualTo(same));
}
