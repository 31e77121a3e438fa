using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sms.Ingress.Tests.Support;
using StackExchange.Redis;

namespace Sms.Ingress.Tests.Http;

/// <summary>
/// A webhook refused as malformed (400, 413, 415) is kept with its raw request in the real Redis, capped, and can be
/// read back newest first through <c>GET /v1/rejected-webhooks</c> with an API key. A wrongly signed one (401) is
/// only counted, never kept: anyone can send one.
/// </summary>
public sealed class RejectedWebhooksTests : IngressTest
{
    private const string InboundPath = "/webhooks/vonage/inbound";
    private const string ReceiptPath = "/webhooks/vonage/delivery-receipt";
    private const string MessagesInboundPath = "/webhooks/vonage/messages/inbound";
    private const string ApiPath = "/v1/rejected-webhooks";

    private static Dictionary<string, string> Inbound(string messageId) => new()
    {
        ["msisdn"] = "447700900701",
        ["to"] = "447700900000",
        ["messageId"] = messageId,
        ["text"] = "Can we move it to Friday?",
        ["type"] = "text",
        ["message-timestamp"] = "2025-03-01 09:59:58",
    };

    private static async Task<JsonElement[]> KeptAsync(IngressApplication application, string query = "")
    {
        using var client = application.CreateClientWithApiKey();
        using var response = await client.GetAsync(ApiPath + query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement[]>())!;
    }

    [Test]
    public async Task A_malformed_inbound_is_answered_400_with_its_reason_and_kept_with_its_raw_body()
    {
        var incomplete = Inbound("0A0000007001");
        incomplete.Remove("msisdn");
        using var content = new FormUrlEncodedContent(Application.Sign(incomplete));
        var rawBody = await content.ReadAsStringAsync();

        using var response = await Client.PostAsync(InboundPath, content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var kept = await KeptAsync(Application);
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("reason").GetString(), Is.EqualTo("invalid_payload"));
            Assert.That(problem.GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "msisdn" }));
            Assert.That(kept, Has.Length.EqualTo(1));
        });
        var record = kept[0];
        Assert.Multiple(() =>
        {
            Assert.That(record.GetProperty("receivedAt").GetDateTimeOffset(), Is.EqualTo(Application.Clock.GetUtcNow()));
            Assert.That(record.GetProperty("webhook").GetString(), Is.EqualTo("inbound"));
            Assert.That(record.GetProperty("path").GetString(), Is.EqualTo(InboundPath));
            Assert.That(record.GetProperty("method").GetString(), Is.EqualTo("POST"));
            Assert.That(record.GetProperty("contentType").GetString(), Does.StartWith("application/x-www-form-urlencoded"));
            Assert.That(record.GetProperty("status").GetInt32(), Is.EqualTo(400));
            Assert.That(record.GetProperty("reason").GetString(), Is.EqualTo("invalid_payload"));
            Assert.That(record.GetProperty("detail").GetString(), Does.Contain("msisdn"));
            Assert.That(record.GetProperty("query").GetString(), Is.Empty);
            Assert.That(record.GetProperty("body").GetString(), Is.EqualTo(rawBody));
            Assert.That(record.GetProperty("bodyTruncated").GetBoolean(), Is.False);
        });
    }

    [Test]
    public async Task A_malformed_GET_receipt_is_kept_with_its_query_string()
    {
        var receipt = Application.Sign(new Dictionary<string, string> { ["messageId"] = "0B0000007002", ["status"] = "delivered" });

        using var response = await Client.SendAsync(ReceiptPath, WebhookEncoding.Get, receipt);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var kept = await KeptAsync(Application);
        Assert.That(kept, Has.Length.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(kept[0].GetProperty("webhook").GetString(), Is.EqualTo("delivery-receipt"));
            Assert.That(kept[0].GetProperty("method").GetString(), Is.EqualTo("GET"));
            Assert.That(kept[0].GetProperty("query").GetString(), Does.StartWith("?").And.Contain("messageId=0B0000007002"));
            Assert.That(kept[0].GetProperty("body").GetString(), Is.Empty);
        });
    }

    [Test]
    public async Task A_body_in_another_format_is_kept_with_415_and_an_oversized_one_with_413_truncated()
    {
        using (var response = await Client.PostAsync(InboundPath, new StringContent("<sms/>", Encoding.UTF8, "application/xml")))
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        using (var response = await Client.PostAsync(InboundPath, new StringContent(new string('a', 70_000), Encoding.UTF8, "text/plain")))
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));

        var kept = await KeptAsync(Application);
        Assert.That(kept, Has.Length.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(kept[0].GetProperty("status").GetInt32(), Is.EqualTo(413), "newest first");
            Assert.That(kept[0].GetProperty("reason").GetString(), Is.EqualTo("payload_too_large"));
            Assert.That(kept[0].GetProperty("body").GetString(), Has.Length.EqualTo(64 * 1024));
            Assert.That(kept[0].GetProperty("bodyTruncated").GetBoolean(), Is.True);
            Assert.That(kept[1].GetProperty("status").GetInt32(), Is.EqualTo(415));
            Assert.That(kept[1].GetProperty("reason").GetString(), Is.EqualTo("unsupported_media_type"));
            Assert.That(kept[1].GetProperty("contentType").GetString(), Does.StartWith("application/xml"));
            Assert.That(kept[1].GetProperty("body").GetString(), Is.EqualTo("<sms/>"));
        });
    }

    [Test]
    public async Task A_signed_Messages_API_inbound_that_is_not_valid_is_kept_with_its_raw_json()
    {
        const string json = """{"channel":"sms","message_type":"text","text":"hi"}""";
        var body = Encoding.UTF8.GetBytes(json);
        using var request = Application.MessagesRequest(MessagesInboundPath, body);

        using var response = await Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var kept = await KeptAsync(Application);
        Assert.That(kept, Has.Length.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(kept[0].GetProperty("webhook").GetString(), Is.EqualTo("messages-inbound"));
            Assert.That(kept[0].GetProperty("body").GetString(), Is.EqualTo(json));
        });
    }

    [Test]
    public async Task A_wrongly_signed_webhook_is_answered_401_and_not_kept()
    {
        var signed = Application.Sign(Inbound("0A0000007003"));
        signed["sig"] = new string('0', signed["sig"].Length);

        using var response = await Client.SendAsync(InboundPath, WebhookEncoding.Form, signed);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.Multiple(async () =>
        {
            Assert.That(await KeptAsync(Application), Is.Empty);
            Assert.That(await Application.Redis.KeyExistsAsync($"{Application.RedisKeyPrefix}rejected"), Is.False);
        });
    }

    [Test]
    public async Task Only_the_newest_are_kept_and_the_limit_takes_the_newest_first()
    {
        var application = Ingress(new Dictionary<string, string?> { ["Ingress:RejectedWebhooksKept"] = "3" });
        using var client = application.CreateClient();
        for (var i = 1; i <= 5; i++)
        {
            using var response = await client.PostAsync(InboundPath, new StringContent($"junk {i}", Encoding.UTF8, "text/plain"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        }

        var all = await KeptAsync(application);
        var two = await KeptAsync(application, "?limit=2");
        Assert.Multiple(async () =>
        {
            Assert.That(all.Select(r => r.GetProperty("body").GetString()), Is.EqualTo(new[] { "junk 5", "junk 4", "junk 3" }));
            Assert.That(two.Select(r => r.GetProperty("body").GetString()), Is.EqualTo(new[] { "junk 5", "junk 4" }));
            Assert.That(await application.Redis.ListLengthAsync($"{application.RedisKeyPrefix}rejected"), Is.EqualTo(3));
        });
    }

    [TestCase("?limit=0")]
    [TestCase("?limit=1001")]
    public async Task A_limit_outside_what_is_kept_is_refused_with_400(string query)
    {
        using var response = await ApiClient.GetAsync(ApiPath + query);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("limit"));
    }

    [TestCase(null)]
    [TestCase("not-a-key")]
    public async Task The_API_requires_a_key(string? key)
    {
        using (await Client.PostAsync(InboundPath, new StringContent("<sms/>", Encoding.UTF8, "application/xml"))) { }
        if (key is not null) Client.DefaultRequestHeaders.Add("X-Api-Key", key);

        using var response = await Client.GetAsync(ApiPath);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("<sms/>"));
    }

    [Test]
    public async Task When_Redis_does_not_answer_a_malformed_webhook_is_still_answered_400()
    {
        var application = Ingress(new Dictionary<string, string?>
        {
            // Nothing listens on port 1: every Redis command fails.
            ["ConnectionStrings:Redis"] = "127.0.0.1:1,connectTimeout=200,asyncTimeout=500,syncTimeout=500",
        });
        using var client = application.CreateClient();
        var incomplete = Inbound("0A0000007004");
        incomplete.Remove("text");

        using var response = await client.SendAsync(InboundPath, WebhookEncoding.Form, application.Sign(incomplete));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("reason").GetString(), Is.EqualTo("invalid_payload"));
    }
}
