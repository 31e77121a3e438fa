using Sms.Router.Sessions;

namespace Sms.Router.Tests.Sessions;

public class PhoneNumbersTests
{
    [TestCase("+447700900001", "+447700900001")]
    [TestCase("447700900001", "+447700900001")]
    [TestCase("+44 7700-900 001", "+447700900001")]
    [TestCase("+1 (555) 000.1000", "+15550001000")]
    [TestCase(" 15550001000 ", "+15550001000")]
    [TestCase("MyBrand", "MYBRAND")]
    [TestCase("My Brand", "MYBRAND")]
    public void Spells_each_number_one_way(string number, string canonical)
    {
        Assert.That(PhoneNumbers.Canonical(number), Is.EqualTo(canonical));
    }

    [TestCase("+15550001000", "15550001000", true)]
    [TestCase("+15550001000", "+15550002000", false)]
    [TestCase("MyBrand", "MYBRAND", true)]
    [TestCase("+15550001000", null, false)]
    public void Recognises_the_same_number_however_it_is_written(string a, string? b, bool same)
    {
        Assert.That(PhoneNumbers.Same(a, b), Is.EqualTo(same));
    }

    [TestCase("+447700900001", true)]
    [TestCase("447700900001", true)]
    [TestCase("+123456", true)]
    [TestCase("+12345", false)]
    [TestCase("+1234567890123456", false)]
    [TestCase("hello", false)]
    [TestCase("+44abc", false)]
    [TestCase("", false)]
    public void Tells_a_phone_number_from_anything_else(string number, bool valid)
    {
        Assert.That(PhoneNumbers.IsPhoneNumber(number), Is.EqualTo(valid));
    }
}
