using Sms.Contracts.Inbound;
using Sms.Ingress.Vonage;

namespace Sms.Ingress.Tests.Vonage;

public sealed class VonageDeliveryReceiptParserTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid OurId = Guid.Parse("0195a3b2-7c1d-7e2f-8a3b-4c5d6e7f8091");

    // The example from the reference (§4), with our client-ref.
    private static Dictionary<string, string> Receipt(Action<Dictionary<string, string>>? change = null)
    {
        var parameters = new Dictionary<string, string>
        {
            ["err-code"] = "0",
            ["message-timestamp"] = "2018-10-25 12:10:29",
            ["messageId"] = "0B00000127FDBC63",
            ["msisdn"] = "447547232824",
            ["network-code"] = "23410",
            ["price"] = "0.03330000",
            ["scts"] = "1810251310",
            ["status"] = "delivered",
            ["to"] = "Vonage",
            ["client-ref"] = OurId.ToString(),
        };
        change?.Invoke(parameters);
        return parameters;
    }

    [Test]
    public void A_delivered_receipt_becomes_SmsDeliveryStatusChanged()
    {
        var message = VonageDeliveryReceiptParser.Parse(Receipt(), Now).Value!.ToMessage();
        Assert.Multiple(() =>
        {
            Assert.That(message.MessageId, Is.EqualTo(OurId));
            Assert.That(message.Provider, Is.EqualTo("vonage"));
            Assert.That(message.ProviderMessageId, Is.EqualTo("0B00000127FDBC63"));
            Assert.That(message.To, Is.EqualTo("+447547232824"), "the recipient is msisdn, not 'to' (our sender)");
            Assert.That(message.Status, Is.EqualTo(DeliveryStatus.Delivered));
            Assert.That(message.ErrorCode, Is.EqualTo("0"));
            Assert.That(message.OccurredAt, Is.EqualTo(new DateTimeOffset(2018, 10, 25, 12, 10, 29, TimeSpan.Zero)));
        });
    }

    [TestCase("accepted", DeliveryStatus.Accepted)]
    [TestCase("buffered", DeliveryStatus.Buffered)]
    [TestCase("delivered", DeliveryStatus.Delivered)]
    [TestCase("expired", DeliveryStatus.Expired)]
    [TestCase("failed", DeliveryStatus.Failed)]
    [TestCase("rejected", DeliveryStatus.Rejected)]
    [TestCase("unknown", DeliveryStatus.Unknown)]
    [TestCase("DELIVERED", DeliveryStatus.Delivered)]
    public void Every_Vonage_status_maps_to_ours(string vonage, DeliveryStatus expected)
    {
        var receipt = VonageDeliveryReceiptParser.Parse(Receipt(p => p["status"] = vonage), Now).Value!;
        Assert.Multiple(() =>
        {
            Assert.That(receipt.Status, Is.EqualTo(expected));
            Assert.That(receipt.StatusRecognised, Is.True);
        });
    }

    [Test]
    public void A_status_Vonage_adds_later_is_kept_as_unknown_not_refused()
    {
        var receipt = VonageDeliveryReceiptParser.Parse(Receipt(p => p["status"] = "deleted"), Now).Value!;
        Assert.Multiple(() =>
        {
            Assert.That(receipt.Status, Is.EqualTo(DeliveryStatus.Unknown));
            Assert.That(receipt.StatusRecognised, Is.False);
            Assert.That(receipt.RawStatus, Is.EqualTo("deleted"));
        });
    }

    [Test]
    public void A_failure_carries_the_error_code()
    {
        var message = VonageDeliveryReceiptParser.Parse(Receipt(p => { p["status"] = "failed"; p["err-code"] = "6"; }), Now).Value!.ToMessage();
        Assert.Multiple(() =>
        {
            Assert.That(message.Status, Is.EqualTo(DeliveryStatus.Failed));
            Assert.That(message.ErrorCode, Is.EqualTo("6"));
        });
    }

    [TestCase(null)]
    [TestCase("")]
    public void A_receipt_without_an_error_code_has_none(string? errorCode)
    {
        var receipt = VonageDeliveryReceiptParser.Parse(Receipt(p =>
        {
            if (errorCode is null) p.Remove("err-code");
            else p["err-code"] = errorCode;
        }), Now).Value!;
        Assert.That(receipt.ErrorCode, Is.Null);
    }

    [TestCase("0195a3b27c1d7e2f8a3b4c5d6e7f8091")]
    [TestCase("0195a3b2-7c1d-7e2f-8a3b-4c5d6e7f8091")]
    [TestCase("{0195a3b2-7c1d-7e2f-8a3b-4c5d6e7f8091}")]
    public void Our_message_id_is_read_from_client_ref_in_any_guid_format(string clientRef)
    {
        Assert.That(VonageDeliveryReceiptParser.Parse(Receipt(p => p["client-ref"] = clientRef), Now).Value!.MessageId, Is.EqualTo(OurId));
    }

    [TestCase("my-personal-reference")]
    [TestCase("00000000-0000-0000-0000-000000000000")]
    public void A_client_ref_that_is_not_one_of_our_ids_leaves_the_message_id_empty(string clientRef)
    {
        var receipt = VonageDeliveryReceiptParser.Parse(Receipt(p => p["client-ref"] = clientRef), Now).Value!;
        Assert.Multiple(() =>
        {
            Assert.That(receipt.MessageId, Is.Null);
            Assert.That(receipt.ForeignClientRef, Is.EqualTo(clientRef));
        });
    }

    [Test]
    public void A_receipt_without_client_ref_is_still_published_by_provider_id()
    {
        var receipt = VonageDeliveryReceiptParser.Parse(Receipt(p => p.Remove("client-ref")), Now).Value!;
        Assert.Multiple(() =>
        {
            Assert.That(receipt.MessageId, Is.Null);
            Assert.That(receipt.ForeignClientRef, Is.Null);
            Assert.That(receipt.ProviderMessageId, Is.EqualTo("0B00000127FDBC63"));
        });
    }

    [Test]
    public void Every_missing_required_parameter_is_reported_at_once()
    {
        var parsed = VonageDeliveryReceiptParser.Parse(new Dictionary<string, string> { ["to"] = "Vonage" }, Now);
        Assert.That(parsed.Errors.Select(e => e.Field), Is.EquivalentTo(new[] { "messageId", "msisdn", "status" }));
    }

    [Test]
    public void A_recipient_that_is_not_a_phone_number_is_refused()
    {
        var parsed = VonageDeliveryReceiptParser.Parse(Receipt(p => p["msisdn"] = "Vonage"), Now);
        Assert.That(parsed.Errors.Single().Field, Is.EqualTo("msisdn"));
    }

    [Test]
    public void Without_a_readable_message_timestamp_the_event_time_is_now()
    {
        Assert.That(VonageDeliveryReceiptParser.Parse(Receipt(p => p.Remove("message-timestamp")), Now).Value!.OccurredAt, Is.EqualTo(Now));
    }
}
