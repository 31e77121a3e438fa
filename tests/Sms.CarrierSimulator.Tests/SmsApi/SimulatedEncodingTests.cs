using Sms.CarrierSimulator.SmsApi;
using Sms.Carriers.Segments;

namespace Sms.CarrierSimulator.Tests.SmsApi;

public sealed class SimulatedEncodingTests
{
    [TestCase("Hello", "Hello")]
    [TestCase("Olá", "Ol?")]
    [TestCase("ça va 😀", "?a va ?")]
    [TestCase("{€}", "{€}")]
    [TestCase("`quoted`", "?quoted?")]
    [TestCase("", "")]
    public void ReplaceNonGsm_turns_each_character_outside_gsm7_into_one_question_mark(string text, string expected)
    {
        Assert.That(SimulatedEncoding.ReplaceNonGsm(text), Is.EqualTo(expected));
    }

    [TestCase("text", "😀😀", SmsTextEncoding.Gsm7, 2)]
    [TestCase("unicode", "😀😀", SmsTextEncoding.Ucs2, 4)]
    [TestCase("unicode", "€", SmsTextEncoding.Ucs2, 1)]
    [TestCase("text", "€", SmsTextEncoding.Gsm7, 2)]
    public void Type_decides_the_encoding_and_the_units(string type, string text, SmsTextEncoding encoding, int units)
    {
        var info = SimulatedEncoding.Measure(text, type);

        Assert.Multiple(() =>
        {
            Assert.That(info.Encoding, Is.EqualTo(encoding));
            Assert.That(info.Units, Is.EqualTo(units));
        });
    }
}
