using Sms.Compliance.Consent;

namespace Sms.Compliance.Tests.Consent;

public class CarrierOptOutSignalsTests
{
    private static readonly CarrierOptOutSignals Defaults = new(null);

    [TestCase("vonage", "9", "carrier:vonage:9")]
    [TestCase("Vonage", " 9 ", "carrier:vonage:9")]
    [TestCase("twilio", "21610", "carrier:twilio:21610")]
    [TestCase("vonage", "1240", "carrier:vonage:1240")]
    public void Opt_out_codes_of_receipts_are_recognised(string provider, string code, string rule) =>
        Assert.That(Defaults.RuleForReceipt(provider, code), Is.EqualTo(rule));

    [TestCase("vonage", "0")]
    [TestCase("vonage", null)]
    [TestCase("vonage", "")]
    [TestCase("vonage", "21610")]
    [TestCase("twilio", "9")]
    [TestCase("vonage", "99")]
    public void Other_codes_of_receipts_are_not_opt_outs(string provider, string? code) =>
        Assert.That(Defaults.RuleForReceipt(provider, code), Is.Null);

    [TestCase("twilio", "21610", "carrier:twilio:21610")]
    [TestCase(" Twilio ", "21610 ", "carrier:twilio:21610")]
    public void Opt_out_codes_of_refused_sends_are_recognised(string provider, string code, string rule) =>
        Assert.That(Defaults.RuleForSendError(provider, code), Is.EqualTo(rule));

    [TestCase("vonage", "9", Description = "Vonage's send status 9 is a quota violation, not an opt-out")]
    [TestCase("twilio", "21211")]
    [TestCase("twilio", null)]
    [TestCase("vonage", "21610")]
    public void Other_codes_of_refused_sends_are_not_opt_outs(string provider, string? code) =>
        Assert.That(Defaults.RuleForSendError(provider, code), Is.Null);

    [Test]
    public void The_codes_are_configurable_separately()
    {
        var signals = new CarrierOptOutSignals(["sinch:402"], ["sinch:40300"]);
        Assert.Multiple(() =>
        {
            Assert.That(signals.RuleForReceipt("sinch", "402"), Is.EqualTo("carrier:sinch:402"));
            Assert.That(signals.RuleForSendError("sinch", "40300"), Is.EqualTo("carrier:sinch:40300"));
            Assert.That(signals.RuleForSendError("sinch", "402"), Is.Null);
            Assert.That(signals.RuleForReceipt("sinch", "40300"), Is.Null);
        });
    }
}
