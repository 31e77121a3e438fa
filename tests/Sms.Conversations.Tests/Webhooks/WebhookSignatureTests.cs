using System.Text;
using Sms.Conversations.Webhooks;

namespace Sms.Conversations.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    [Test]
    public void Signs_the_timestamp_a_dot_and_the_body_with_HMAC_SHA256_in_lower_case_hex()
    {
        // Computed apart from the service: python3 -c "import hmac,hashlib; print(hmac.new(b'whsec_test',
        // b'1700000000.{\"id\":\"x\",\"type\":\"message.received\"}', hashlib.sha256).hexdigest())"
        var signature = WebhookSignature.Sign("whsec_test", 1_700_000_000, Encoding.UTF8.GetBytes("""{"id":"x","type":"message.received"}"""));
        Assert.That(signature, Is.EqualTo("v1=b816c9baef93dd88870b0a01a98531cab3f78c659fe85848215ea74f2adcb706"));
    }

    [Test]
    public void Another_timestamp_body_or_secret_gives_another_signature()
    {
        var body = Encoding.UTF8.GetBytes("{}");
        var signature = WebhookSignature.Sign("secret-1", 100, body);
        Assert.Multiple(() =>
        {
            Assert.That(WebhookSignature.Sign("secret-1", 101, body), Is.Not.EqualTo(signature));
            Assert.That(WebhookSignature.Sign("secret-2", 100, body), Is.Not.EqualTo(signature));
            Assert.That(WebhookSignature.Sign("secret-1", 100, Encoding.UTF8.GetBytes("{ }")), Is.Not.EqualTo(signature));
        });
    }

    [Test]
    public void New_secrets_are_long_random_and_say_what_they_are()
    {
        var secrets = Enumerable.Range(0, 20).Select(_ => WebhookSignature.NewSecret()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(secrets, Is.Unique);
            Assert.That(secrets, Has.All.StartsWith("whsec_"));
            Assert.That(secrets.Select(s => s.Length), Has.All.EqualTo("whsec_".Length + 43), "32 bytes in base64url");
        });
    }

    [Test]
    public void An_event_id_is_the_same_for_the_same_bus_event_and_differs_between_types_and_keys()
    {
        var key = Guid.NewGuid().ToString();
        var id = WebhookEvents.IdOf(WebhookEventTypes.MessageReceived, key);
        Assert.Multiple(() =>
        {
            Assert.That(WebhookEvents.IdOf(WebhookEventTypes.MessageReceived, key), Is.EqualTo(id));
            Assert.That(WebhookEvents.IdOf(WebhookEventTypes.ReplyClassified, key), Is.Not.EqualTo(id));
            Assert.That(WebhookEvents.IdOf(WebhookEventTypes.MessageReceived, key + "x"), Is.Not.EqualTo(id));
            Assert.That(id.Version, Is.EqualTo(8));
        });
    }
}
