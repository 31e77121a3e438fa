using Sms.Contracts.Inbound;
using Sms.Ingress.Numbers;
using Sms.Ingress.Twilio;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Ingress.Tests.Twilio;

/// <summary>Twilio's inbound message and status callback parameters (wire reference §6) read as the platform's messages.</summary>
public class TwilioParsersTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private static Dictionary<string, string> Inbound(Action<Dictionary<string, string>>? change = null)
    {
        // As in courier's test payloads.
        var parameters = new Dictionary<string, string>
        {
            ["ToCountry"] = "US",
            ["SmsMessageSid"] = "SMe287b7a8a2b3c4d5e6f7a8b9c0d1e2f3",
            ["NumMedia"] = "0",
            ["SmsSid"] = "SMe287b7a8a2b3c4d5e6f7a8b9c0d1e2f3",
            ["SmsStatus"] = "received",
            ["Body"] = "  Cafe\u0301 tomorrow? ",
            ["To"] = "+12028831111",
            ["NumSegments"] = "2",
            ["MessageSid"] = "SMe287b7a8a2b3c4d5e6f7a8b9c0d1e2f3",
            ["AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["From"] = "+14133881111",
            ["ApiVersion"] = "2010-04-01",
        };
        change?.Invoke(parameters);
        return parameters;
    }

    private static Dictionary<string, string> Status(string status, string? errorCode = null, string? messageId = null)
    {
        var parameters = new Dictionary<string, string>
        {
            ["MessageSid"] = "SM0123456789abcdef0123456789abcdef",
            ["SmsSid"] = "SM0123456789abcdef0123456789abcdef",
            ["AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["From"] = "+15550100001",
            ["To"] = "+14155552671",
            ["MessageStatus"] = status,
            ["SmsStatus"] = status,
            ["ApiVersion"] = "2010-04-01",
        };
        if (errorCode is not null) parameters["ErrorCode"] = errorCode;
        if (messageId is not null) parameters["messageId"] = messageId;
        return parameters;
    }

    [Test]
    public void An_inbound_message_is_read_with_numbers_and_text_normalised_as_for_Vonage()
    {
        var inbound = TwilioParsers.ParseInbound(Inbound(), Now).Value!;
        var message = inbound.ToMessage();
        Assert.Multiple(() =>
        {
            Assert.That(message.Provider, Is.EqualTo("twilio"));
            Assert.That(message.ProviderMessageId, Is.EqualTo("SMe287b7a8a2b3c4d5e6f7a8b9c0d1e2f3"));
            Assert.That(message.MessageId, Is.EqualTo(MessageIds.FromProvider("twilio", "SMe287b7a8a2b3c4d5e6f7a8b9c0d1e2f3")));
            Assert.That(message.From, Is.EqualTo("+14133881111"));
            Assert.That(message.To, Is.EqualTo("+12028831111"));
            Assert.That(message.Text, Is.EqualTo("Caf\u00e9 tomorrow?"), "trimmed and NFC");
            Assert.That(message.PartCount, Is.EqualTo(2), "NumSegments: Twilio joined the parts");
            Assert.That(message.ReceivedAt, Is.EqualTo(Now));
        });
    }

    [Test]
    public void A_national_number_is_read_in_the_configured_region()
    {
        var inbound = TwilioParsers.ParseInbound(Inbound(p => p["From"] = "07911 123456"), Now, new InboundNumbers("GB")).Value!;
        Assert.That(inbound.From, Is.EqualTo("+447911123456"));
    }

    [Test]
    public void An_empty_body_is_kept_as_an_empty_message() =>
        Assert.That(TwilioParsers.ParseInbound(Inbound(p => p["Body"] = ""), Now).Value!.Text, Is.Empty);

    [Test]
    public void Missing_fields_are_all_named()
    {
        var parsed = TwilioParsers.ParseInbound(new Dictionary<string, string> { ["AccountSid"] = "AC1" }, Now);
        Assert.That(parsed.Errors.Select(e => e.Field), Is.EquivalentTo(new[] { "MessageSid", "From", "To", "Body" }));
    }

    [Test]
    public void A_sender_that_is_not_a_phone_number_is_refused() =>
        Assert.That(TwilioParsers.ParseInbound(Inbound(p => p["From"] = "whatsapp:ACME"), Now).Errors.Single().Field, Is.EqualTo("From"));

    [TestCase("queued", DeliveryStatus.Accepted)]
    [TestCase("accepted", DeliveryStatus.Accepted)]
    [TestCase("scheduled", DeliveryStatus.Accepted)]
    [TestCase("sending", DeliveryStatus.Accepted)]
    [TestCase("sent", DeliveryStatus.Accepted)]
    [TestCase("delivered", DeliveryStatus.Delivered)]
    [TestCase("read", DeliveryStatus.Delivered)]
    [TestCase("undelivered", DeliveryStatus.Failed)]
    [TestCase("failed", DeliveryStatus.Rejected)]
    [TestCase("canceled", DeliveryStatus.Rejected)]
    [TestCase("DELIVERED", DeliveryStatus.Delivered)]
    public void Each_message_status_maps_to_a_delivery_status(string status, DeliveryStatus expected)
    {
        var receipt = TwilioParsers.ParseStatus(Status(status), Now).Value!;
        Assert.Multiple(() =>
        {
            Assert.That(receipt.Status, Is.EqualTo(expected));
            Assert.That(receipt.StatusRecognised, Is.True);
        });
    }

    [TestCase("partially_delivered")]
    [TestCase("something_new")]
    public void A_status_the_table_does_not_know_is_kept_as_unknown(string status)
    {
        var receipt = TwilioParsers.ParseStatus(Status(status), Now).Value!;
        Assert.Multiple(() =>
        {
            Assert.That(receipt.Status, Is.EqualTo(DeliveryStatus.Unknown));
            Assert.That(receipt.StatusRecognised, Is.False);
            Assert.That(receipt.RawStatus, Is.EqualTo(status));
        });
    }

    [Test]
    public void A_failed_status_with_21610_carries_the_code_Compliance_reads_as_a_carrier_opt_out()
    {
        var messageId = Guid.NewGuid();
        var message = TwilioParsers.ParseStatus(Status("failed", "21610", messageId.ToString()), Now).Value!.ToMessage();
        Assert.Multiple(() =>
        {
            // Compliance's CarrierOptOutSignals default: "twilio:21610".
            Assert.That($"{message.Provider}:{message.ErrorCode}", Is.EqualTo("twilio:21610"));
            Assert.That(message.Status, Is.EqualTo(DeliveryStatus.Rejected));
            Assert.That(message.MessageId, Is.EqualTo(messageId), "our id, from the status callback URL");
            Assert.That(message.ProviderMessageId, Is.EqualTo("SM0123456789abcdef0123456789abcdef"));
            Assert.That(message.To, Is.EqualTo("+14155552671"));
        });
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("0")]
    public void No_error_code_is_no_error(string? code) =>
        Assert.That(TwilioParsers.ParseStatus(Status("delivered", code), Now).Value!.ErrorCode, Is.Null);

    [Test]
    public void A_status_without_its_fields_is_refused_naming_them()
    {
        var parsed = TwilioParsers.ParseStatus(new Dictionary<string, string> { ["ErrorCode"] = "30003" }, Now);
        Assert.That(parsed.Errors.Select(e => e.Field), Is.EquivalentTo(new[] { "MessageSid", "To", "MessageStatus" }));
    }

    [Test]
    public void An_MMS_carries_each_MediaUrl_with_its_content_type_in_order()
    {
        var parsed = TwilioParsers.ParseInbound(Inbound(p =>
        {
            p["NumMedia"] = "2";
            p["MediaUrl0"] = "https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/MM1/Media/ME1";
            p["MediaContentType0"] = "image/jpeg";
            p["MediaUrl1"] = "https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/MM1/Media/ME2";
            p["MediaContentType1"] = "application/pdf";
        }), Now);
        Assert.That(parsed.Succeeded, Is.True);
        var media = parsed.Value!.ToMessage().Media!;
        Assert.Multiple(() =>
        {
            Assert.That(media.Select(m => m.ContentType), Is.EqualTo(new[] { "image/jpeg", "application/pdf" }));
            Assert.That(media[1].Url, Does.EndWith("/Media/ME2"));
            Assert.That(media.Select(m => m.Provider), Is.All.EqualTo("twilio"));
        });
    }

    [Test]
    public void A_picture_with_no_Body_is_a_message_with_empty_text()
    {
        var parsed = TwilioParsers.ParseInbound(Inbound(p =>
        {
            p.Remove("Body");
            p["NumMedia"] = "1";
            p["MediaUrl0"] = "https://api.twilio.com/m/ME1";
            p["MediaContentType0"] = "image/png";
        }), Now);
        Assert.That(parsed.Succeeded, Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(parsed.Value!.Text, Is.Empty);
            Assert.That(parsed.Value.ToMessage().Media, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void A_plain_SMS_has_no_media()
    {
        var parsed = TwilioParsers.ParseInbound(Inbound(), Now);
        Assert.That(parsed.Value!.ToMessage().Media, Is.Null);
    }

    [TestCase("x")]
    [TestCase("11")]
    [TestCase("-1")]
    public void A_NumMedia_that_is_not_0_to_10_is_refused(string count)
    {
        var parsed = TwilioParsers.ParseInbound(Inbound(p => p["NumMedia"] = count), Now);
        Assert.That(parsed.Errors.Single().Field, Is.EqualTo("NumMedia"));
    }

    [Test]
    public void A_missing_MediaUrl_is_refused()
    {
        var parsed = TwilioParsers.ParseInbound(Inbound(p => p["NumMedia"] = "1"), Now);
        Assert.That(parsed.Errors.Single().Field, Is.EqualTo("MediaUrl0"));
    }
}
