using System.Net;
using System.Text;
using MassTransit.Testing;
using Sms.Contracts.Inbound;
using Sms.Ingress.Tests.Support;
using Sms.Ingress.Tests.Vonage;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Ingress.Tests.Http;

/// <summary>The Messages API v1 webhooks end to end in the ingress: JWT-signed JSON in, published messages out.</summary>
public sealed class VonageMessagesWebhookTests : IngressTest
{
    private const string InboundPath = "/webhooks/vonage/messages/inbound";
    private const string StatusPath = "/webhooks/vonage/messages/status";

    private static string Inbound(string uuid, string text = "Can we do Friday?") =>
        $$$"""{"channel":"sms","message_uuid":"{{{uuid}}}","to":"447700900000","from":"447700900701","timestamp":"2025-03-01T09:59:58Z","text":"{{{text}}}","sms":{"num_messages":"1"}}""";

    private HttpRequestMessage Request(string path, string json, string? token = null, string contentType = "application/json") =>
        Application.MessagesRequest(path, Encoding.UTF8.GetBytes(json), token, contentType);

    private List<InboundSmsReceived> Published() => Application.Published<InboundSmsReceived>();

    [Test]
    public async Task A_signed_inbound_publishes_one_InboundSmsReceived_and_answers_200()
    {
        using var response = await Client.SendAsync(Request(InboundPath, Inbound("aaaaaaaa-0000-4000-8000-000000000701")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var published = Published();
        Assert.That(published, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(published[0].MessageId, Is.EqualTo(MessageIds.FromProvider("vonage", "aaaaaaaa-0000-4000-8000-000000000701")));
            Assert.That(published[0].From, Is.EqualTo("+447700900701"));
            Assert.That(published[0].Text, Is.EqualTo("Can we do Friday?"));
        });
    }

    [Test]
    public async Task An_inbound_replayed_five_times_is_published_once()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await Client.SendAsync(Request(InboundPath, Inbound("aaaaaaaa-0000-4000-8000-000000000702")));
            statuses.Add(response.StatusCode);
        }

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.OK));
            Assert.That(Published(), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_body_changed_after_signing_yields_401_and_nothing_published()
    {
        using var rejected = new RejectedWebhooks();
        var signedFor = Encoding.UTF8.GetBytes(Inbound("aaaaaaaa-0000-4000-8000-000000000703"));
        var token = MessagesJwt.Sign(MessagesJwt.ClaimsFor(signedFor, Application.Clock.GetUtcNow()), IngressApplication.SignatureSecret);

        using var response = await Client.SendAsync(Request(InboundPath, Inbound("aaaaaaaa-0000-4000-8000-000000000703", "STOP"), token));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(Published(), Is.Empty);
            Assert.That(rejected.Recorded, Does.Contain(("messages-inbound", "payload_hash_mismatch")));
        });
    }

    [Test]
    public async Task A_token_signed_with_another_secret_yields_401()
    {
        var json = Inbound("aaaaaaaa-0000-4000-8000-000000000704");
        var token = MessagesJwt.Sign(MessagesJwt.ClaimsFor(Encoding.UTF8.GetBytes(json), Application.Clock.GetUtcNow()), "not-our-secret");

        using var response = await Client.SendAsync(Request(InboundPath, json, token));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(Published(), Is.Empty);
    }

    [Test]
    public async Task An_unsigned_inbound_yields_401()
    {
        using var response = await Client.SendAsync(Request(InboundPath, Inbound("aaaaaaaa-0000-4000-8000-000000000705"), token: ""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(Published(), Is.Empty);
    }

    [Test]
    public async Task A_token_issued_two_hours_ago_is_accepted_as_a_late_retry_and_its_replay_published_nothing()
    {
        using var late = new LateRetriesAccepted();
        var json = Inbound("aaaaaaaa-0000-4000-8000-000000000710");
        var token = MessagesJwt.Sign(MessagesJwt.ClaimsFor(Encoding.UTF8.GetBytes(json), Application.Clock.GetUtcNow().AddHours(-2)), IngressApplication.SignatureSecret);

        using var retry = await Client.SendAsync(Request(InboundPath, json, token));
        using var replay = await Client.SendAsync(Request(InboundPath, json, token));

        Assert.Multiple(() =>
        {
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Published(), Has.Count.EqualTo(1));
            Assert.That(late.Recorded.Select(r => r.Webhook), Is.EqualTo(new[] { "messages-inbound", "messages-inbound" }));
        });
    }

    [Test]
    public async Task A_token_issued_before_Vonages_retry_window_yields_401()
    {
        var json = Inbound("aaaaaaaa-0000-4000-8000-000000000706");
        var token = MessagesJwt.Sign(MessagesJwt.ClaimsFor(Encoding.UTF8.GetBytes(json), Application.Clock.GetUtcNow().AddDays(-3)), IngressApplication.SignatureSecret);

        using var response = await Client.SendAsync(Request(InboundPath, json, token));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_signed_body_that_is_not_an_sms_inbound_yields_400_with_the_reason()
    {
        using var response = await Client.SendAsync(Request(InboundPath, """{"channel":"whatsapp","message_uuid":"u"}"""));

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("channel"));
            Assert.That(Published(), Is.Empty);
        });
    }

    [Test]
    public async Task A_form_body_yields_415()
    {
        using var response = await Client.SendAsync(Request(InboundPath, "channel=sms", contentType: "application/x-www-form-urlencoded"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    [Test]
    public async Task A_signed_status_publishes_a_delivery_status_change()
    {
        var ours = Guid.NewGuid();
        var json = $$$"""{"message_uuid":"bbbbbbbb-0000-4000-8000-000000000707","to":"447700900707","from":"447700900000","timestamp":"2025-03-01T09:59:58Z","status":"undeliverable","channel":"sms","client_ref":"{{{ours}}}","error":{"type":"t","title":"1240","detail":"Illegal number"}}""";

        using var response = await Client.SendAsync(Request(StatusPath, json));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var published = Application.Harness.Published.Select<SmsDeliveryStatusChanged>().Select(m => m.Context.Message).ToList();
        Assert.That(published, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(published[0].MessageId, Is.EqualTo(ours));
            Assert.That(published[0].ProviderMessageId, Is.EqualTo("bbbbbbbb-0000-4000-8000-000000000707"));
            Assert.That(published[0].To, Is.EqualTo("+447700900707"));
            Assert.That(published[0].From, Is.EqualTo("+447700900000"), "our sender, in E.164");
            Assert.That(published[0].Status, Is.EqualTo(DeliveryStatus.Failed));
            Assert.That(published[0].ErrorCode, Is.EqualTo("1240"));
        });
    }

    [Test]
    public async Task A_status_replayed_five_times_yields_one_SmsDeliveryStatusChanged()
    {
        var json = """{"message_uuid":"bbbbbbbb-0000-4000-8000-000000000709","to":"447700900709","from":"447700900000","timestamp":"2025-03-01T09:59:58Z","status":"delivered","channel":"sms"}""";

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            // Each delivery with its own token (its own jti), as Vonage signs every request.
            using var response = await Client.SendAsync(Request(StatusPath, json));
            statuses.Add(response.StatusCode);
        }

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.OK));
            Assert.That(Application.Harness.Published.Select<SmsDeliveryStatusChanged>().Select(m => m.Context.Message.ProviderMessageId),
                Is.EqualTo(new[] { "bbbbbbbb-0000-4000-8000-000000000709" }));
        });
    }

    [Test]
    public async Task A_status_with_a_bad_signature_yields_401_and_nothing_published()
    {
        var json = """{"message_uuid":"u","to":"447700900708","status":"delivered"}""";
        using var response = await Client.SendAsync(Request(StatusPath, json, MessagesJwt.Sign(
            MessagesJwt.ClaimsFor(Encoding.UTF8.GetBytes(json), Application.Clock.GetUtcNow()), "wrong")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(Application.Harness.Published.Select<SmsDeliveryStatusChanged>().Any(), Is.False);
    }
}
