using System.Net;
using System.Text;
using MassTransit.Testing;
using Sms.Contracts.Inbound;
using Sms.Ingress.Tests.Support;

namespace Sms.Ingress.Tests.Http;

/// <summary>
/// A form webhook within the body limit but beyond the form reader's own (a value over 2,048 characters, more than
/// 1,024 fields) is read like any other: a correctly signed one is published, an unsigned one refused as unsigned.
/// Neither is a 500.
/// </summary>
public sealed class LargeFormTests : IngressTest
{
    [Test]
    public async Task A_signed_inbound_with_a_value_over_2048_characters_is_published()
    {
        var parameters = Application.Sign(new Dictionary<string, string>
        {
            ["msisdn"] = "447700900802",
            ["to"] = "447700900000",
            ["messageId"] = "LARGE-FORM-1",
            ["text"] = "Hi",
            ["type"] = "text",
            ["message-timestamp"] = "2025-03-01 09:59:58",
            ["nonce"] = new string('n', 3_000),
        });

        using var response = await Client.PostAsync("/webhooks/vonage/inbound", new FormUrlEncodedContent(parameters));

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await response.Content.ReadAsStringAsync());
            Assert.That(Application.Harness.Published.Select<InboundSmsReceived>().Count(), Is.EqualTo(1));
        });
    }

    [TestCase("/webhooks/vonage/inbound")]
    [TestCase("/webhooks/vonage/delivery-receipt")]
    [TestCase("/webhooks/twilio/inbound")]
    [TestCase("/webhooks/twilio/status")]
    public async Task An_unsigned_form_with_a_long_value_or_many_fields_is_refused_as_unsigned_not_an_error(string path)
    {
        var longValue = "text=" + new string('a', 3_000);
        var manyFields = string.Join('&', Enumerable.Range(0, 2_000).Select(i => $"f{i}=x"));

        foreach (var body in new[] { longValue, manyFields })
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded");
            using var response = await Client.PostAsync(path, content);
            Assert.That((int)response.StatusCode, Is.InRange(400, 499), $"{path} with {body[..20]}…: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
