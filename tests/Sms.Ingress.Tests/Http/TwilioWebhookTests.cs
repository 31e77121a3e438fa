using System.Net;
using MassTransit.Testing;
using Sms.Contracts.Inbound;
using Sms.Ingress.Tests.Support;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Ingress.Tests.Http;

/// <summary>
/// Twilio's inbound message webhook and status callbacks on the real ingress (test harness for the bus, the real Redis
/// for the claims), signed over the public URL (<c>Twilio:PublicBaseUrl</c>) as Twilio signs them.
/// </summary>
public sealed class TwilioWebhookTests : IngressTest
{
    private const string InboundPath = "/webhooks/twilio/inbound";
    private const string StatusPath = "/webhooks/twilio/status";

    private static Dictionary<string, string> Inbound(string sid, string body = "Yes please") => new()
    {
        ["ToCountry"] = "GB",
        ["SmsMessageSid"] = sid,
        ["NumMedia"] = "0",
        ["SmsSid"] = sid,
        ["SmsStatus"] = "received",
        ["Body"] = body,
        ["To"] = "+447700900000",
        ["NumSegments"] = "1",
        ["MessageSid"] = sid,
        ["AccountSid"] = "AC0123456789abcdef0123456789abcdef",
        ["From"] = "+447700900601",
        ["ApiVersion"] = "2010-04-01",
    };

    private static Dictionary<string, string> Status(string sid, string status, string? errorCode = null)
    {
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = sid,
            ["SmsSid"] = sid,
            ["AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["From"] = "+447700900000",
            ["To"] = "+447700900602",
            ["MessageStatus"] = status,
            ["SmsStatus"] = status,
            ["ApiVersion"] = "2010-04-01",
        };
        if (errorCode is not null) form["ErrorCode"] = errorCode;
        return form;
    }

    [Test]
    public async Task A_signed_inbound_message_publishes_InboundSmsReceived_and_answers_empty_TwiML()
    {
        using var response = await Client.SendAsync(IngressApplication.TwilioRequest(InboundPath, Inbound("SM00000000000000000000000000000001", " Yes\u0301 ")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var published = Application.Published<InboundSmsReceived>();
        Assert.Multiple(async () =>
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/xml"));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""<?xml version="1.0" encoding="UTF-8"?><Response/>"""));
            Assert.That(published, Has.Count.EqualTo(1));
            Assert.That(published[0].Provider, Is.EqualTo("twilio"));
            Assert.That(published[0].MessageId, Is.EqualTo(MessageIds.FromProvider("twilio", "SM00000000000000000000000000000001")));
            Assert.That(published[0].From, Is.EqualTo("+447700900601"));
            Assert.That(published[0].To, Is.EqualTo("+447700900000"));
            Assert.That(published[0].Text, Is.EqualTo("Ye\u015b"), "trimmed and NFC (s + combining acute is \u015b), as for Vonage");
        });
    }

    [Test]
    public async Task An_inbound_message_replayed_five_times_yields_one_InboundSmsReceived()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await Client.SendAsync(IngressApplication.TwilioRequest(InboundPath, Inbound("SM00000000000000000000000000000002")));
            statuses.Add(response.StatusCode);
        }

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.OK), "a duplicate is acknowledged");
            Assert.That(Application.Published<InboundSmsReceived>().Select(m => m.ProviderMessageId), Is.EqualTo(new[] { "SM00000000000000000000000000000002" }));
        });
    }

    [Test]
    public async Task A_wrongly_signed_inbound_message_is_refused_with_401_counted_and_nothing_published()
    {
        using var rejected = new RejectedWebhooks();

        using var request = IngressApplication.TwilioRequest(InboundPath, Inbound("SM00000000000000000000000000000003"), authToken: "another-token");
        using var response = await Client.SendAsync(request);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(rejected.Recorded, Does.Contain(("twilio-inbound", "signature_invalid")));
            Assert.That(Application.Harness.Published.Select<InboundSmsReceived>().Any(), Is.False);
        });
    }

    [Test]
    public async Task A_body_changed_after_signing_is_refused_with_401()
    {
        using var request = IngressApplication.TwilioRequest(InboundPath, Inbound("SM00000000000000000000000000000004"));
        var signature = request.Headers.GetValues("X-Twilio-Signature").Single();
        using var tampered = new HttpRequestMessage(HttpMethod.Post, InboundPath)
        {
            Content = new FormUrlEncodedContent(Inbound("SM00000000000000000000000000000004", "STOP")),
        };
        tampered.Headers.Add("X-Twilio-Signature", signature);
        using var response = await Client.SendAsync(tampered);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(Application.Harness.Published.Select<InboundSmsReceived>().Any(), Is.False);
        });
    }

    [Test]
    public async Task An_unsigned_inbound_message_is_refused_with_401_and_counted()
    {
        using var rejected = new RejectedWebhooks();

        using var response = await Client.PostAsync(InboundPath, new FormUrlEncodedContent(Inbound("SM00000000000000000000000000000005")));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(rejected.Recorded, Does.Contain(("twilio-inbound", "signature_missing")));
            Assert.That(Application.Harness.Published.Select<InboundSmsReceived>().Any(), Is.False);
        });
    }

    [Test]
    public async Task A_signature_over_the_address_this_process_sees_instead_of_the_public_one_is_refused()
    {
        using var request = IngressApplication.TwilioRequest(InboundPath, Inbound("SM00000000000000000000000000000006"),
            signedUrl: "http://localhost" + InboundPath);
        using var response = await Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [TestCase("https://sms.example.com:443", Description = "Twilio signed with the default port")]
    [TestCase("https://sms.example.com", Description = "the configured address as it is")]
    public async Task A_signature_over_the_public_url_with_or_without_the_default_port_is_accepted(string signedBase)
    {
        using var request = IngressApplication.TwilioRequest(InboundPath + "?source=number", Inbound("SM00000000000000000000000000000007"),
            signedUrl: signedBase + InboundPath + "?source=number");
        using var response = await Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_public_base_url_with_a_path_prefix_is_part_of_the_signed_url()
    {
        var application = Ingress(new Dictionary<string, string?> { ["Twilio:PublicBaseUrl"] = "https://gateway.example.com/sms/" });
        using var client = application.CreateClient();

        using var request = IngressApplication.TwilioRequest(InboundPath, Inbound("SM00000000000000000000000000000008"),
            signedUrl: "https://gateway.example.com/sms" + InboundPath);
        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Unsigned_webhooks_are_accepted_only_when_signatures_are_explicitly_off()
    {
        var application = Ingress(new Dictionary<string, string?>
        {
            ["Twilio:RequireSignedWebhooks"] = "false",
            ["Twilio:AuthToken"] = null,
            ["Twilio:PublicBaseUrl"] = null,
        });
        using var client = application.CreateClient();

        using var response = await client.PostAsync(InboundPath, new FormUrlEncodedContent(Inbound("SM00000000000000000000000000000009")));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(application.Published<InboundSmsReceived>(), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Without_an_auth_token_a_signed_webhook_is_refused_rather_than_trusted()
    {
        var application = Ingress(new Dictionary<string, string?> { ["Twilio:AuthToken"] = null });
        using var client = application.CreateClient();
        using var rejected = new RejectedWebhooks();

        using var response = await client.SendAsync(IngressApplication.TwilioRequest(InboundPath, Inbound("SM00000000000000000000000000000010")));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(rejected.Recorded, Does.Contain(("twilio-inbound", "not_configured")));
        });
    }

    [Test]
    public void An_auth_token_without_the_public_base_url_stops_the_start_and_says_what_to_set()
    {
        var failure = StartFailure(new Dictionary<string, string?> { ["Twilio:PublicBaseUrl"] = null });

        Assert.That(failure.ToString(), Does.Contain("Twilio__PublicBaseUrl"));
    }

    [Test]
    public async Task A_signed_inbound_message_without_its_fields_is_refused_with_400_naming_them()
    {
        using var response = await Client.SendAsync(IngressApplication.TwilioRequest(InboundPath, new Dictionary<string, string> { ["AccountSid"] = "AC1" }));

        var body = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body, Does.Contain("MessageSid").And.Contain("From").And.Contain("Body"));
            Assert.That(Application.Harness.Published.Select<InboundSmsReceived>().Any(), Is.False);
        });
    }

    [Test]
    public async Task An_inbound_message_the_broker_refuses_is_answered_503()
    {
        var application = IngressWithBroker(_ => Refuse());
        using var client = application.CreateClient();

        using var response = await client.SendAsync(IngressApplication.TwilioRequest(InboundPath, Inbound("SM00000000000000000000000000000011")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    [Test]
    public async Task A_status_callback_publishes_SmsDeliveryStatusChanged_with_our_message_id_from_the_callback_url()
    {
        var messageId = Guid.NewGuid();

        using var response = await Client.SendAsync(IngressApplication.TwilioRequest($"{StatusPath}?messageId={messageId}",
            Status("SM00000000000000000000000000000021", "failed", "21610")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var receipt = Application.Published<SmsDeliveryStatusChanged>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(receipt.Provider, Is.EqualTo("twilio"));
            Assert.That(receipt.ProviderMessageId, Is.EqualTo("SM00000000000000000000000000000021"));
            Assert.That(receipt.MessageId, Is.EqualTo(messageId));
            Assert.That(receipt.To, Is.EqualTo("+447700900602"));
            Assert.That(receipt.From, Is.EqualTo("+447700900000"), "our sender, whose brand the opt-out belongs to");
            Assert.That(receipt.Status, Is.EqualTo(DeliveryStatus.Rejected));
            Assert.That(receipt.ErrorCode, Is.EqualTo("21610"), "read by Compliance as the carrier opt-out twilio:21610");
        });
    }

    [Test]
    public async Task Each_status_of_a_message_is_published_once_however_often_it_is_sent()
    {
        foreach (var status in new[] { "sent", "sent", "delivered", "delivered", "delivered" })
        {
            using var response = await Client.SendAsync(IngressApplication.TwilioRequest(StatusPath, Status("SM00000000000000000000000000000022", status)));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        Assert.That(Application.Published<SmsDeliveryStatusChanged>().Select(r => r.Status), Is.EqualTo(new[] { DeliveryStatus.Accepted, DeliveryStatus.Delivered }));
    }

    [Test]
    public async Task A_wrongly_signed_status_callback_is_refused_and_publishes_nothing()
    {
        using var rejected = new RejectedWebhooks();

        using var response = await Client.SendAsync(IngressApplication.TwilioRequest(StatusPath,
            Status("SM00000000000000000000000000000023", "delivered"), authToken: "another-token"));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(rejected.Recorded, Does.Contain(("twilio-status", "signature_invalid")));
            Assert.That(Application.Harness.Published.Select<SmsDeliveryStatusChanged>().Any(), Is.False);
        });
    }
}
