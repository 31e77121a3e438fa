using System.Text;
using Sms.Contracts.Inbound;
using Sms.Ingress.Vonage;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Ingress.Tests.Vonage;

public sealed class VonageMessagesParserTests
{
    private static readonly DateTimeOffset Now = new(2025, 2, 3, 12, 14, 30, TimeSpan.Zero);

    // The examples of the wire reference §5.
    private const string InboundExample =
        """{"channel":"sms","message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab","to":"447700900000","from":"447700900001","timestamp":"2025-02-03T12:14:25Z","text":"Hello From Vonage!","sms":{"num_messages":"2","keyword":"HELLO"},"usage":{"currency":"EUR","price":"0.0333"},"origin":{"network_code":"12345"}}""";

    private const string StatusExample =
        """{"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab","to":"447700900000","from":"447700900001","timestamp":"2025-02-03T12:14:25Z","status":"delivered","channel":"sms","client_ref":"abc123","destination":{"network_code":"12345"},"usage":{"currency":"EUR","price":"0.0333"},"sms":{"count_total":"2"}}""";

    private static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    [Test]
    public void The_reference_inbound_becomes_one_InboundSmsReceived_keyed_by_message_uuid()
    {
        var parsed = VonageMessagesParser.ParseInbound(Utf8(InboundExample), Now);
        Assert.That(parsed.Succeeded, Is.True);
        var message = parsed.Value!.ToMessage();
        Assert.Multiple(() =>
        {
            Assert.That(message.MessageId, Is.EqualTo(MessageIds.FromProvider("vonage", "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab")));
            Assert.That(message.ProviderMessageId, Is.EqualTo("aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"));
            Assert.That(message.From, Is.EqualTo("+447700900001"));
            Assert.That(message.To, Is.EqualTo("+447700900000"));
            Assert.That(message.Text, Is.EqualTo("Hello From Vonage!"));
            Assert.That(message.ReceivedAt, Is.EqualTo(Now));
            Assert.That(message.PartCount, Is.EqualTo(2), "Vonage joined two parts itself");
            Assert.That(message.Incomplete, Is.False);
            Assert.That(parsed.Value!.Concatenation, Is.Null, "already concatenated: nothing to reassemble");
        });
    }

    [TestCase("""{"num_messages":3}""", 3)]
    [TestCase("""{"num_messages":"1"}""", 1)]
    [TestCase("""{"num_messages":"x"}""", 1)]
    [TestCase("""{"num_messages":"0"}""", 1)]
    [TestCase("""{}""", 1)]
    [TestCase("null", 1)]
    public void The_part_count_comes_from_sms_num_messages(string sms, int expected)
    {
        var json = $$"""{"channel":"sms","message_uuid":"u1","to":"447700900000","from":"447700900001","timestamp":"2025-02-03T12:14:25Z","text":"Hi","sms":{{sms}}}""";
        Assert.That(VonageMessagesParser.ParseInbound(Utf8(json), Now).Value!.PartCount, Is.EqualTo(expected));
    }

    [Test]
    public void Inbound_text_is_trimmed_and_NFC_normalised()
    {
        var json = """{"channel":"sms","message_uuid":"u1","to":"447700900000","from":"447700900001","timestamp":"t","text":"  cafe\u0301  "}""";
        Assert.That(VonageMessagesParser.ParseInbound(Utf8(json), Now).Value!.Text, Is.EqualTo("caf\u00e9"));
    }

    [TestCase("channel")]
    [TestCase("message_uuid")]
    [TestCase("to")]
    [TestCase("from")]
    [TestCase("text")]
    public void An_inbound_without_a_required_member_names_it(string member)
    {
        var json = InboundExample.Replace($"\"{member}\":", $"\"x_{member}\":", StringComparison.Ordinal);
        var parsed = VonageMessagesParser.ParseInbound(Utf8(json), Now);
        Assert.That(parsed.Errors.Select(e => e.Field), Does.Contain(member));
    }

    [Test]
    public void Every_problem_is_reported_at_once()
    {
        var parsed = VonageMessagesParser.ParseInbound(Utf8("""{"channel":"whatsapp","from":"not a number"}"""), Now);
        Assert.That(parsed.Errors.Select(e => e.Field), Is.EquivalentTo(new[] { "channel", "message_uuid", "from", "to", "text" }));
    }

    [TestCase("whatsapp")]
    [TestCase("viber_service")]
    public void Another_channel_is_refused(string channel)
    {
        var json = InboundExample.Replace("\"channel\":\"sms\"", $"\"channel\":\"{channel}\"", StringComparison.Ordinal);
        var parsed = VonageMessagesParser.ParseInbound(Utf8(json), Now);
        Assert.That(parsed.Errors.Single().Message, Does.Contain("'sms'"));
    }

    private static string MmsInbound(string messageType, string item) =>
        $$$"""{"channel":"mms","message_uuid":"cccccccc-bbbb-4ccc-8ddd-0123456789ab","to":"447700900000","from":"447700900001","timestamp":"2025-02-03T12:14:25Z","message_type":"{{{messageType}}}"{{{item}}}}""";

    [Test]
    public void An_MMS_image_carries_its_url_as_media_and_its_caption_as_text()
    {
        var parsed = VonageMessagesParser.ParseInbound(Utf8(MmsInbound("image", ""","image":{"url":"https://api.nexmo.com/v3/media/abc","caption":" The dent "}""")), Now);
        Assert.That(parsed.Succeeded, Is.True, string.Join("; ", parsed.Errors.Select(e => e.Message)));
        var message = parsed.Value!.ToMessage();
        Assert.Multiple(() =>
        {
            Assert.That(message.Text, Is.EqualTo("The dent"));
            Assert.That(message.Media, Has.Count.EqualTo(1));
            Assert.That(message.Media![0].Url, Is.EqualTo("https://api.nexmo.com/v3/media/abc"));
            Assert.That(message.Media[0].Provider, Is.EqualTo("vonage"));
            Assert.That(message.Media[0].ContentType, Is.Null, "the Messages API names no content type; the fetch reads it");
        });
    }

    [Test]
    public void An_MMS_file_with_no_caption_is_a_message_with_empty_text()
    {
        var parsed = VonageMessagesParser.ParseInbound(Utf8(MmsInbound("file", ""","file":{"url":"https://api.nexmo.com/v3/media/pdf"}""")), Now);
        Assert.That(parsed.Succeeded, Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(parsed.Value!.Text, Is.Empty);
            Assert.That(parsed.Value.Media!.Single().Url, Is.EqualTo("https://api.nexmo.com/v3/media/pdf"));
        });
    }

    [TestCase(""","image":{}""")]
    [TestCase(""","image":{"url":"ftp://example.com/a.png"}""")]
    [TestCase(""","image":{"url":"/relative.png"}""")]
    [TestCase("")]
    public void An_image_without_a_fetchable_url_is_refused(string item)
    {
        var parsed = VonageMessagesParser.ParseInbound(Utf8(MmsInbound("image", item)), Now);
        Assert.That(parsed.Errors.Single().Field, Is.EqualTo("image.url"));
    }

    [Test]
    public void A_message_type_that_is_not_handled_is_refused_naming_it()
    {
        var parsed = VonageMessagesParser.ParseInbound(Utf8(MmsInbound("vcard", ""","vcard":{"url":"https://example.com/a.vcf"}""")), Now);
        Assert.That(parsed.Errors.Single().Message, Does.Contain("vcard"));
    }

    [TestCase("")]
    [TestCase("[]")]
    [TestCase("\"text\"")]
    [TestCase("{not json")]
    public void A_body_that_is_not_a_JSON_object_is_refused(string body)
    {
        Assert.Multiple(() =>
        {
            Assert.That(VonageMessagesParser.ParseInbound(Utf8(body), Now).Errors.Single().Field, Is.EqualTo("request"));
            Assert.That(VonageMessagesParser.ParseStatus(Utf8(body), Now).Errors.Single().Field, Is.EqualTo("request"));
        });
    }

    [Test]
    public void The_reference_status_becomes_a_delivery_status_change()
    {
        var parsed = VonageMessagesParser.ParseStatus(Utf8(StatusExample), Now);
        var message = parsed.Value!.ToMessage();
        Assert.Multiple(() =>
        {
            Assert.That(message.ProviderMessageId, Is.EqualTo("aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"));
            Assert.That(message.To, Is.EqualTo("+447700900000"));
            Assert.That(message.Status, Is.EqualTo(DeliveryStatus.Delivered));
            Assert.That(message.MessageId, Is.Null, "'abc123' is not one of our ids");
            Assert.That(parsed.Value!.ForeignClientRef, Is.EqualTo("abc123"));
            Assert.That(message.ErrorCode, Is.Null);
            Assert.That(message.OccurredAt, Is.EqualTo(new DateTimeOffset(2025, 2, 3, 12, 14, 25, TimeSpan.Zero)));
        });
    }

    [Test]
    public void A_client_ref_holding_our_id_names_our_message()
    {
        var id = Guid.NewGuid();
        var json = StatusExample.Replace("abc123", id.ToString(), StringComparison.Ordinal);
        Assert.That(VonageMessagesParser.ParseStatus(Utf8(json), Now).Value!.MessageId, Is.EqualTo(id));
    }

    [TestCase("submitted", null, DeliveryStatus.Accepted, true)]
    [TestCase("delivered", null, DeliveryStatus.Delivered, true)]
    [TestCase("read", null, DeliveryStatus.Delivered, true)]
    [TestCase("rejected", "1240", DeliveryStatus.Rejected, true)]
    [TestCase("undeliverable", "1330", DeliveryStatus.Failed, true)]
    [TestCase("undeliverable", "1360", DeliveryStatus.Expired, true)]
    [TestCase("UNDELIVERABLE", "1250", DeliveryStatus.Failed, true)]
    [TestCase("teleported", null, DeliveryStatus.Unknown, false)]
    public void Statuses_map_to_ours_with_the_error_code(string status, string? code, DeliveryStatus expected, bool recognised)
    {
        var error = code is null ? "" : $$""","error":{"type":"https://developer.vonage.com/api-errors/messages#{{code}}","title":"{{code}}","detail":"d","instance":"i"}""";
        var json = $$"""{"message_uuid":"u1","to":"447700900000","status":"{{status}}","timestamp":"2025-02-03T12:14:25Z"{{error}}}""";
        var receipt = VonageMessagesParser.ParseStatus(Utf8(json), Now).Value!;
        Assert.Multiple(() =>
        {
            Assert.That(receipt.Status, Is.EqualTo(expected));
            Assert.That(receipt.StatusRecognised, Is.EqualTo(recognised));
            Assert.That(receipt.ErrorCode, Is.EqualTo(code));
            Assert.That(receipt.RawStatus, Is.EqualTo(status));
        });
    }

    [TestCase("message_uuid")]
    [TestCase("to")]
    [TestCase("status")]
    public void A_status_without_a_required_member_names_it(string member)
    {
        var json = StatusExample.Replace($"\"{member}\":", $"\"x_{member}\":", StringComparison.Ordinal);
        Assert.That(VonageMessagesParser.ParseStatus(Utf8(json), Now).Errors.Select(e => e.Field), Does.Contain(member));
    }

    [Test]
    public void A_status_without_a_readable_timestamp_is_dated_now()
    {
        var json = """{"message_uuid":"u1","to":"447700900000","status":"delivered","timestamp":"yesterday"}""";
        Assert.That(VonageMessagesParser.ParseStatus(Utf8(json), Now).Value!.OccurredAt, Is.EqualTo(Now));
    }
}
