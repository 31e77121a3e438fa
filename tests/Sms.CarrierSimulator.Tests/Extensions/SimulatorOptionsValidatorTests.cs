using Sms.CarrierSimulator.Extensions;

namespace Sms.CarrierSimulator.Tests.Extensions;

public sealed class SimulatorOptionsValidatorTests
{
    private static SimulatorOptions Valid() => new() { ApiKey = "k", ApiSecret = "s", SignatureSecret = "x" };

    [Test]
    public void The_defaults_are_valid()
    {
        Assert.That(new SimulatorOptionsValidator().Validate(null, Valid()).Succeeded, Is.True);
    }

    [Test]
    public void An_empty_delivery_receipt_url_means_no_receipts_and_is_valid()
    {
        var options = Valid();
        options.DeliveryReceiptUrl = "";

        Assert.Multiple(() =>
        {
            Assert.That(new SimulatorOptionsValidator().Validate(null, options).Succeeded, Is.True);
            Assert.That(options.GetDefaultDeliveryReceiptUri(), Is.Null);
        });
    }

    [Test]
    public void Receipts_switched_off_give_no_default_receipt_url()
    {
        var options = Valid();
        options.SendDeliveryReceipts = false;

        Assert.That(options.GetDefaultDeliveryReceiptUri(), Is.Null);
    }

    [TestCase(nameof(SimulatorOptions.SignatureMethod), "sha384", "SignatureMethod")]
    [TestCase(nameof(SimulatorOptions.InboundWebhookMethod), "PUT", "InboundWebhookMethod")]
    [TestCase(nameof(SimulatorOptions.InboundWebhookUrl), "not a url", "InboundWebhookUrl")]
    [TestCase(nameof(SimulatorOptions.InboundWebhookUrl), "ftp://127.0.0.1/in", "InboundWebhookUrl")]
    [TestCase(nameof(SimulatorOptions.DeliveryReceiptUrl), "/relative", "DeliveryReceiptUrl")]
    public void A_bad_value_fails_with_a_message_naming_the_setting(string property, string value, string named)
    {
        var options = Valid();
        typeof(SimulatorOptions).GetProperty(property)!.SetValue(options, value);

        var result = new SimulatorOptionsValidator().Validate(null, options);

        Assert.Multiple(() =>
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.FailureMessage, Does.Contain("Simulator:" + named));
        });
    }
}
