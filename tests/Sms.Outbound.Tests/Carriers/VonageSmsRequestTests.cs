using Sms.Outbound.Carriers;
using Sms.Outbound.Carriers.Vonage;
using Sms.Outbound.Extensions;

namespace Sms.Outbound.Tests.Carriers;

public class VonageSmsRequestTests
{
    private static readonly Guid MessageId = Guid.Parse("6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b");

    private static VonageOptions Options(string? callback = null) => new()
    {
        ApiKey = "abcd1234",
        ApiSecret = "s3cr3t-value",
        DefaultFrom = "+447700900000",
        DeliveryReceiptUrl = callback,
    };

    private static Dictionary<string, string> Form(string text = "Your appointment is at 10:00.", string from = "+447700900000",
        string to = "+447700900401", VonageOptions? options = null) =>
        VonageSmsRequest.Form(new OutboundSms(MessageId, from, to, text), options ?? Options())
            .ToDictionary(p => p.Key, p => p.Value);

    [Test]
    public void Carries_credentials_sender_recipient_text_client_ref_and_asks_for_a_receipt()
    {
        var form = Form();

        Assert.That(form, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["api_key"] = "abcd1234",
            ["api_secret"] = "s3cr3t-value",
            ["from"] = "447700900000",
            ["to"] = "447700900401",
            ["text"] = "Your appointment is at 10:00.",
            ["type"] = "text",
            ["client-ref"] = "6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b",
            ["status-report-req"] = "true",
        }));
    }

    [Test]
    public void With_basic_authentication_the_credentials_go_in_the_header_and_not_in_the_form()
    {
        var options = Options();
        options.Authentication = VonageAuthentication.Basic;

        var form = Form(options: options);
        var header = VonageSmsRequest.Authorization(options);

        Assert.Multiple(() =>
        {
            Assert.That(form.Keys, Is.EquivalentTo(new[] { "from", "to", "text", "type", "client-ref", "status-report-req" }));
            Assert.That(header?.Scheme, Is.EqualTo("Basic"));
            Assert.That(header?.Parameter, Is.EqualTo(Convert.ToBase64String("abcd1234:s3cr3t-value"u8.ToArray())));
        });
    }

    [Test]
    public void With_form_authentication_there_is_no_header() =>
        Assert.That(VonageSmsRequest.Authorization(Options()), Is.Null);

    [TestCase("Hello {name} [ok] €5", "text")]
    [TestCase("Grüße aus München, Ñoño", "text")]
    [TestCase("Bonjour, ça va ?", "unicode")]
    [TestCase("Confirmed ✓", "unicode")]
    [TestCase("See you soon 😀", "unicode")]
    [TestCase("Привет", "unicode")]
    public void Text_outside_GSM7_goes_as_unicode(string text, string type)
    {
        Assert.That(Form(text)["type"], Is.EqualTo(type));
    }

    [TestCase("+447700900000", "447700900000")]
    [TestCase("447700900000", "447700900000")]
    [TestCase(" +447700900000 ", "447700900000")]
    [TestCase("+44 7700 900000", "447700900000")]
    [TestCase("ACME", "ACME")]
    [TestCase("Acme Shop", "Acme Shop")]
    [TestCase("88888", "88888")]
    public void The_sender_is_digits_without_plus_or_the_alphanumeric_id(string from, string expected)
    {
        Assert.That(Form(from: from)["from"], Is.EqualTo(expected));
    }

    [Test]
    public void The_recipient_loses_its_plus()
    {
        Assert.That(Form(to: "+14155550123")["to"], Is.EqualTo("14155550123"));
    }

    [Test]
    public void The_callback_is_sent_when_a_delivery_receipt_url_is_configured()
    {
        var form = Form(options: Options("https://sms.example.com/webhooks/vonage/dlr"));

        Assert.That(form["callback"], Is.EqualTo("https://sms.example.com/webhooks/vonage/dlr"));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("  ")]
    public void No_callback_is_sent_when_none_is_configured(string? callback)
    {
        Assert.That(Form(options: Options(callback)).ContainsKey("callback"), Is.False);
    }

    [Test]
    public void The_client_ref_fits_the_40_characters_of_the_oldest_spec()
    {
        Assert.That(VonageSmsRequest.ClientRef(Guid.NewGuid()), Has.Length.LessThanOrEqualTo(40));
    }

    [TestCase("https://rest.nexmo.com", "https://rest.nexmo.com/sms/json")]
    [TestCase("https://rest.nexmo.com/", "https://rest.nexmo.com/sms/json")]
    [TestCase("http://127.0.0.1:5900/vonage", "http://127.0.0.1:5900/vonage/sms/json")]
    public void The_send_address_is_the_base_url_plus_sms_json(string baseUrl, string expected)
    {
        var options = Options();
        options.RestBaseUrl = baseUrl;

        Assert.That(options.SendUri.ToString(), Is.EqualTo(expected));
    }
}
