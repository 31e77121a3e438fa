using System.Net;
using Sms.Contracts.Inbound;
using Sms.Ingress.Tests.Support;

namespace Sms.Ingress.Tests.Http;

public sealed class VonageDeliveryReceiptWebhookTests : IngressTest
{
    private const string Path = "/webhooks/vonage/delivery-receipt";
    private static readonly Guid OurId = Guid.Parse("0195a3b2-7c1d-7e2f-8a3b-4c5d6e7f8092");

    private static Dictionary<string, string> Receipt(string status, string errorCode) => new()
    {
        ["err-code"] = errorCode,
        ["message-timestamp"] = "2025-03-01 09:59:30",
        ["messageId"] = "0B00000127FDBC63",
        ["msisdn"] = "447700900102",
        ["network-code"] = "23410",
        ["price"] = "0.03330000",
        ["scts"] = "2503010959",
        ["status"] = status,
        ["to"] = "Clinic",
        ["client-ref"] = OurId.ToString(),
        ["api-key"] = "abcd1234",
    };

    private List<SmsDeliveryStatusChanged> Published() => Application.Published<SmsDeliveryStatusChanged>();

    [TestCase(WebhookEncoding.Get)]
    [TestCase(WebhookEncoding.Form)]
    [TestCase(WebhookEncoding.Json)]
    public async Task A_signed_delivery_receipt_publishes_SmsDeliveryStatusChanged_and_answers_204(WebhookEncoding encoding)
    {
        using var response = await Client.SendAsync(Path, encoding, Application.Sign(Receipt("delivered", "0")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await response.Content.ReadAsStringAsync());
        var published = Published();
        Assert.That(published, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            var message = published[0];
            Assert.That(message.MessageId, Is.EqualTo(OurId));
            Assert.That(message.Provider, Is.EqualTo("vonage"));
            Assert.That(message.ProviderMessageId, Is.EqualTo("0B00000127FDBC63"));
            Assert.That(message.To, Is.EqualTo("+447700900102"));
            Assert.That(message.From, Is.EqualTo("Clinic"), "a receipt's 'to' is our sender id");
            Assert.That(message.Status, Is.EqualTo(DeliveryStatus.Delivered));
            Assert.That(message.ErrorCode, Is.EqualTo("0"));
            Assert.That(message.OccurredAt, Is.EqualTo(new DateTimeOffset(2025, 3, 1, 9, 59, 30, TimeSpan.Zero)));
        });
    }

    [Test]
    public async Task A_failed_delivery_carries_the_carrier_error_code()
    {
        using var response = await Client.SendAsync(Path, WebhookEncoding.Get, Application.Sign(Receipt("failed", "6")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var message = Published().Single();
        Assert.Multiple(() =>
        {
            Assert.That(message.Status, Is.EqualTo(DeliveryStatus.Failed));
            Assert.That(message.ErrorCode, Is.EqualTo("6"));
        });
    }

    [Test]
    public async Task A_receipt_replayed_five_times_yields_one_SmsDeliveryStatusChanged()
    {
        var encodings = new[] { WebhookEncoding.Form, WebhookEncoding.Get, WebhookEncoding.Json, WebhookEncoding.Form, WebhookEncoding.Form };
        var statuses = new List<HttpStatusCode>();
        foreach (var encoding in encodings)
        {
            // Each delivery signed afresh (its own nonce), as Vonage does when it retries.
            var receipt = Receipt("failed", "9");
            receipt["nonce"] = Guid.NewGuid().ToString();
            using var response = await Client.SendAsync(Path, encoding, Application.Sign(receipt));
            statuses.Add(response.StatusCode);
        }

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.NoContent), "a repeat is acknowledged, so Vonage stops retrying");
            Assert.That(Published().Select(m => (m.ProviderMessageId, m.Status)), Is.EqualTo(new[] { ("0B00000127FDBC63", DeliveryStatus.Failed) }));
        });
    }

    [Test]
    public async Task Each_status_of_a_message_is_published_once()
    {
        foreach (var status in new[] { "accepted", "accepted", "delivered", "delivered" })
        {
            using var response = await Client.SendAsync(Path, WebhookEncoding.Form, Application.Sign(Receipt(status, "0")));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        Assert.That(Published().Select(m => m.Status), Is.EqualTo(new[] { DeliveryStatus.Accepted, DeliveryStatus.Delivered }));
    }

    [Test]
    public async Task A_wrongly_signed_delivery_receipt_is_refused_and_publishes_nothing()
    {
        using var rejected = new RejectedWebhooks();
        var forged = Application.Sign(Receipt("delivered", "0"));
        forged["status"] = "failed";

        using var response = await Client.SendAsync(Path, WebhookEncoding.Form, forged);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.Multiple(() =>
        {
            Assert.That(Published(), Is.Empty);
            Assert.That(rejected.Recorded, Is.EqualTo(new[] { ("delivery-receipt", "signature_invalid") }));
        });
    }

    [Test]
    public async Task A_signed_receipt_without_a_status_is_refused_with_400()
    {
        var receipt = Receipt("delivered", "0");
        receipt.Remove("status");

        using var response = await Client.SendAsync(Path, WebhookEncoding.Form, Application.Sign(receipt));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("'status' is required"));
        Assert.That(Published(), Is.Empty);
    }
}
