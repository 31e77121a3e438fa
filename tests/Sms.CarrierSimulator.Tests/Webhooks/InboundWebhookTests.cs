using Sms.CarrierSimulator.Webhooks;
using Sms.Carriers.Vonage;

namespace Sms.CarrierSimulator.Tests.Webhooks;

public sealed class InboundWebhookTests
{
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 13, 4, 5, TimeSpan.FromHours(2));

    private static InboundMessage Parse(InboundSimulationRequest request)
    {
        var message = InboundWebhook.Parse(request, () => "GENERATED0000001", out var errors);
        Assert.That(errors, Is.Empty);
        return message!;
    }

    [Test]
    public void Numbers_lose_their_plus_and_a_message_id_is_generated_when_absent()
    {
        var message = Parse(new InboundSimulationRequest("+447700900001", "+15550100000", "yes", null, null));

        Assert.That(message, Is.EqualTo(new InboundMessage("447700900001", "15550100000", "yes", "GENERATED0000001", Signed: true)));
    }

    [Test]
    public void A_given_message_id_and_signed_false_are_kept()
    {
        var message = Parse(new InboundSimulationRequest("447700900001", "15550100000", "yes", "MY-ID-1", false));

        Assert.Multiple(() =>
        {
            Assert.That(message.MessageId, Is.EqualTo("MY-ID-1"));
            Assert.That(message.Signed, Is.False);
        });
    }

    [TestCase(null, "15550100000", "yes", null, "from")]
    [TestCase("12345", "15550100000", "yes", null, "from")]
    [TestCase("+44 7700 900001", "15550100000", "yes", null, "from")]
    [TestCase("447700900001", null, "yes", null, "to")]
    [TestCase("447700900001", "55-50", "yes", null, "to")]
    [TestCase("447700900001", "15550100000", null, null, "text")]
    [TestCase("447700900001", "15550100000", "", null, "text")]
    [TestCase("447700900001", "15550100000", "yes", "  ", "messageId")]
    public void Invalid_input_names_the_field(string? from, string? to, string? text, string? messageId, string field)
    {
        var message = InboundWebhook.Parse(new InboundSimulationRequest(from, to, text, messageId, null), () => "X", out var errors);

        Assert.Multiple(() =>
        {
            Assert.That(message, Is.Null);
            Assert.That(errors.Keys, Is.EquivalentTo(new[] { field }));
        });
    }

    [Test]
    public void Text_longer_than_3200_characters_is_refused()
    {
        InboundWebhook.Parse(new InboundSimulationRequest("447700900001", "15550100000", new string('a', 3201), null, null), () => "X", out var errors);

        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "text" }));
    }

    [Test]
    public void Build_gives_exactly_the_vonage_inbound_parameters()
    {
        var message = new InboundMessage("447700900001", "15550100000", "yes please", "0A0000000123ABCD", true);

        var parameters = InboundWebhook.Build(message, "devkey01", Now);

        Assert.That(parameters, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["msisdn"] = "447700900001",
            ["to"] = "15550100000",
            ["messageId"] = "0A0000000123ABCD",
            ["text"] = "yes please",
            ["type"] = "text",
            ["keyword"] = "YES",
            ["message-timestamp"] = "2024-05-01 11:04:05",
            ["api-key"] = "devkey01",
        }));
    }

    [TestCase("Olá, tudo bem?", "unicode")]
    [TestCase("👍", "unicode")]
    [TestCase("Price 5€ [ok]", "text")]
    [TestCase("STOP", "text")]
    public void Type_is_unicode_when_any_character_is_outside_gsm7(string text, string type)
    {
        var parameters = InboundWebhook.Build(new InboundMessage("447700900001", "15550100000", text, "ID", true), "k", Now);

        Assert.That(parameters["type"], Is.EqualTo(type));
    }

    [TestCase("stop", "STOP")]
    [TestCase("  Stop all messages", "STOP")]
    [TestCase("yes\nplease", "YES")]
    [TestCase("1", "1")]
    [TestCase("olá amigo", "OLÁ")]
    [TestCase("   ", "")]
    public void Keyword_is_the_first_word_upper_cased(string text, string keyword)
    {
        Assert.That(InboundWebhook.Keyword(text), Is.EqualTo(keyword));
    }

    [TestCase(VonageSignatureMethod.Md5Hash)]
    [TestCase(VonageSignatureMethod.Md5)]
    [TestCase(VonageSignatureMethod.Sha1)]
    [TestCase(VonageSignatureMethod.Sha256)]
    [TestCase(VonageSignatureMethod.Sha512)]
    public void Signed_parameters_carry_nonce_timestamp_and_a_sig_that_verifies(VonageSignatureMethod method)
    {
        var parameters = InboundWebhook.Build(new InboundMessage("447700900001", "15550100000", "a=b & c", "ID1", true), "k", Now);

        var signed = WebhookSigning.Sign(parameters, "nonce-1", "secret-1", method, Now);

        Assert.Multiple(() =>
        {
            Assert.That(signed["nonce"], Is.EqualTo("nonce-1"));
            Assert.That(signed["timestamp"], Is.EqualTo(Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(VonageSignature.Matches(signed, "secret-1", method), Is.True);
            Assert.That(VonageSignature.Matches(signed, "secret-2", method), Is.False);
            Assert.That(parameters, Does.Not.ContainKey("sig"), "the unsigned set is left as it was");
        });
    }
}
