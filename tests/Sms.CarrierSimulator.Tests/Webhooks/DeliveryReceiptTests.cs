using Sms.CarrierSimulator.SmsApi;
using Sms.CarrierSimulator.Webhooks;
using Sms.Carriers.Segments;

namespace Sms.CarrierSimulator.Tests.Webhooks;

public sealed class DeliveryReceiptTests
{
    private static readonly Uri Configured = new("http://127.0.0.1:5100/webhooks/vonage/delivery-receipt");

    private static SmsSubmission Submission(string? clientRef = "ref-1", string? callback = null, bool statusReport = true) =>
        new("15550100000", "447700900001", "Hi", "text", clientRef, callback, statusReport, SmsTextEncoding.Gsm7, 1);

    [Test]
    public void Build_reverses_the_direction_and_reports_delivered()
    {
        var accepted = new DateTimeOffset(2024, 5, 1, 12, 0, 59, TimeSpan.Zero);
        var delivered = new DateTimeOffset(2024, 5, 1, 12, 1, 2, TimeSpan.Zero);

        var parameters = DeliveryReceipt.Build(Submission(), "0A0000000123ABCD", "devkey01", accepted, delivered);

        Assert.That(parameters, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["msisdn"] = "447700900001",
            ["to"] = "15550100000",
            ["network-code"] = "23410",
            ["messageId"] = "0A0000000123ABCD",
            ["price"] = "0.03330000",
            ["status"] = "delivered",
            ["scts"] = "2405011200",
            ["err-code"] = "0",
            ["api-key"] = "devkey01",
            ["client-ref"] = "ref-1",
            ["message-timestamp"] = "2024-05-01 12:01:02",
        }));
    }

    [Test]
    public void Build_leaves_out_client_ref_when_the_send_had_none()
    {
        var parameters = DeliveryReceipt.Build(Submission(clientRef: null), "ID", "k", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

        Assert.That(parameters, Does.Not.ContainKey("client-ref"));
    }

    [Test]
    public void Target_is_the_callback_of_the_send_when_it_has_one()
    {
        Assert.That(DeliveryReceipt.Target(Submission(callback: "http://127.0.0.1:9/cb"), true, Configured), Is.EqualTo(new Uri("http://127.0.0.1:9/cb")));
    }

    [Test]
    public void Target_is_the_configured_url_otherwise()
    {
        Assert.That(DeliveryReceipt.Target(Submission(), true, Configured), Is.EqualTo(Configured));
    }

    [Test]
    public void No_target_without_a_configured_url_or_callback()
    {
        Assert.That(DeliveryReceipt.Target(Submission(), true, null), Is.Null);
    }

    [Test]
    public void No_target_when_receipts_are_off()
    {
        Assert.That(DeliveryReceipt.Target(Submission(callback: "http://127.0.0.1:9/cb"), false, Configured), Is.Null);
    }

    [Test]
    public void No_target_when_the_send_asked_for_no_status_report()
    {
        Assert.That(DeliveryReceipt.Target(Submission(callback: "http://127.0.0.1:9/cb", statusReport: false), true, Configured), Is.Null);
    }
}
