using Sms.Compliance.Consent;

namespace Sms.Compliance.Tests.Consent;

public class CarrierOptOutSignalsTests
{
    private static readonly CarrierOptOutSignals Defaults = new(null);

    [TestCase("vonage", "9", "carrier:vonage:9")]
    [TestCase("Vonage", " 9 ", "carrier:vonage:9")]
    [TestCase("twilio", "21610", "carrier:twilio:21610")]
    public void Opt_out_codes_are_recognised(string provider, string code, string rule) =>
        Assert.That(Defaults.RuleFor(provider, code), Is.EqualTo(rule));

    [TestCase("vonage", "0")]
    [TestCase("vonage", null)]
    [TestCase("vonage", "")]
    [TestCase("vonage", "21610")]
    [TestCase("twilio", "9")]
    [TestCase("vonage", "99")]
    public void Other_codes_are_not_opt_outs(string provider, string? code) =>
        Assert.That(Defaults.RuleFor(provider, code), Is.Null);

    [Test]
    public void The_codes_are_configurable() =>
        Assert.That(new CarrierOptOutSignals(["sinch:402"]).RuleFor("sinch", "402"), Is.EqualTo("carrier:sinch:402"));
}
