using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MassTransit.Testing;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.Ingress.Extensions;
using Sms.Ingress.Tests.Support;
using Sms.Testing;

namespace Sms.Ingress.Tests.Http;

/// <summary>
/// The text rule at the ingress's edges: a correctly signed carrier message whose text holds U+0000 or half a surrogate
/// pair is published with the character replaced (so every store downstream can keep it) and counted, never refused;
/// the send API refuses such a text with a 400 naming the field.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Structure", "NUnit1032", Justification = "Track hands them to IngressTest, whose TearDown disposes of them.")]
public sealed class UnstorableTextTests : IngressTest
{
    private RecordedCounter repaired = null!;

    [SetUp]
    public void CountRepairedTexts() => repaired = Track(new RecordedCounter(IngressMetrics.TextRepairedName));

    private List<InboundSmsReceived> Published() => Application.Published<InboundSmsReceived>();

    private Dictionary<string, string> VonageInbound(string messageId, string text) => Application.Sign(new Dictionary<string, string>
    {
        ["msisdn"] = "447700900801",
        ["to"] = "447700900000",
        ["messageId"] = messageId,
        ["text"] = text,
        ["type"] = "text",
        ["message-timestamp"] = "2025-03-01 09:59:58",
        ["nonce"] = Guid.NewGuid().ToString(),
    });

    /// <summary>A JSON object written by hand, so that a string may hold an escaped unpaired surrogate (no serializer writes one).</summary>
    private static string JsonWithEscapes(IReadOnlyDictionary<string, string> parameters) =>
        "{" + string.Join(",", parameters.Select(p => $"\"{p.Key}\":\"{Escape(p.Value)}\"")) + "}";

    private static string Escape(string value) =>
        string.Concat(value.Select(c => c < ' ' || char.IsSurrogate(c) || c is '"' or '\\' ? $"\\u{(int)c:x4}" : c.ToString()));

    private void AssertPublishedOnceAs(string text, string provider)
    {
        var published = Published();
        Assert.That(published, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(published[0].Text, Is.EqualTo(text));
            Assert.That(repaired.Recorded.Select(r => r["provider"]), Is.EqualTo(new[] { provider }), "counted as repaired");
        });
    }

    [TestCase(WebhookEncoding.Get)]
    [TestCase(WebhookEncoding.Form)]
    [TestCase(WebhookEncoding.Json)]
    public async Task A_signed_Vonage_inbound_with_U0000_is_published_with_GSMs_at_sign(WebhookEncoding encoding)
    {
        using var response = await Client.SendAsync("/webhooks/vonage/inbound", encoding, VonageInbound($"0B000000NUL{encoding}", "mail me\0example.org"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await response.Content.ReadAsStringAsync());
        AssertPublishedOnceAs("mail me@example.org", "vonage");
    }

    [Test]
    public async Task A_signed_Vonage_json_inbound_with_an_escaped_unpaired_surrogate_is_published_with_a_replacement_character()
    {
        var json = JsonWithEscapes(VonageInbound("0B000000SUR", "smile \ud83d please"));
        Assert.That(json, Does.Contain("\\ud83d"));

        using var response = await Client.PostAsync("/webhooks/vonage/inbound", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await response.Content.ReadAsStringAsync());
        AssertPublishedOnceAs("smile \ufffd please", "vonage");
    }

    [Test]
    public async Task The_parts_of_a_Vonage_message_with_U0000_are_published_joined_with_GSMs_at_sign()
    {
        foreach (var (part, text) in new[] { ("1", "mail me\0"), ("2", "example.org") })
        {
            var parameters = VonageInbound($"0B000000PART{part}", text);
            parameters["concat"] = "true";
            parameters["concat-ref"] = "41";
            parameters["concat-part"] = part;
            parameters["concat-total"] = "2";
            using var response = await Client.SendAsync("/webhooks/vonage/inbound", WebhookEncoding.Json, Application.Sign(parameters));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await response.Content.ReadAsStringAsync());
        }

        AssertPublishedOnceAs("mail me@example.org", "vonage");
    }

    [Test]
    public async Task An_emoji_split_across_two_Vonage_json_parts_as_escaped_halves_is_published_whole()
    {
        foreach (var (part, text) in new[] { ("1", "smile \ud83d"), ("2", "\ude00 now") })
        {
            var parameters = VonageInbound($"0B000000HALF{part}", text);
            parameters["concat"] = "true";
            parameters["concat-ref"] = "42";
            parameters["concat-part"] = part;
            parameters["concat-total"] = "2";
            var json = JsonWithEscapes(Application.Sign(parameters));
            using var response = await Client.PostAsync("/webhooks/vonage/inbound", new StringContent(json, Encoding.UTF8, "application/json"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await response.Content.ReadAsStringAsync());
        }

        var published = Published();
        Assert.Multiple(() =>
        {
            Assert.That(published.Single().Text, Is.EqualTo("smile \U0001F600 now"), "each half kept exactly while its part waited in Redis");
            Assert.That(repaired.Recorded, Is.Empty, "nothing needed replacing");
        });
    }

    [TestCase("see you \\u0000 10", "see you @ 10")]
    [TestCase("smile \\ud83d please", "smile \ufffd please")]
    public async Task A_signed_Messages_API_inbound_with_an_unstorable_character_is_published_repaired(string escapedText, string published)
    {
        var body = Encoding.UTF8.GetBytes(
            $$$"""{"channel":"sms","message_uuid":"aaaaaaaa-0000-4000-8000-0000000008{{{published.Length:00}}}","to":"447700900000","from":"447700900802","timestamp":"2025-03-01T09:59:58Z","text":"{{{escapedText}}}"}""");
        using var request = Application.MessagesRequest("/webhooks/vonage/messages/inbound", body);

        using var response = await Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        AssertPublishedOnceAs(published, "vonage");
    }

    [Test]
    public async Task A_signed_Twilio_inbound_with_U0000_is_published_with_GSMs_at_sign()
    {
        using var response = await Client.SendAsync(IngressApplication.TwilioRequest("/webhooks/twilio/inbound", new Dictionary<string, string>
        {
            ["MessageSid"] = "SM000000000000000000000000000008NUL",
            ["AccountSid"] = "AC00000000000000000000000000000000",
            ["From"] = "+447700900803",
            ["To"] = "+447700900000",
            ["Body"] = "mail me\0example.org",
            ["NumSegments"] = "1",
        }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        AssertPublishedOnceAs("mail me@example.org", "twilio");
    }

    [Test]
    public async Task A_json_webhook_whose_parameter_name_is_half_a_surrogate_pair_is_a_400_not_a_500()
    {
        var vonage = await Client.PostAsync("/webhooks/vonage/inbound",
            new StringContent("{\"msisdn\":\"447700900805\",\"\\ud800\":\"x\"}", Encoding.UTF8, "application/json"));
        var body = Encoding.UTF8.GetBytes("{\"channel\":\"sms\",\"\\ud800\":\"x\",\"text\":\"hi\"}");
        using var request = Application.MessagesRequest("/webhooks/vonage/messages/inbound", body);
        var messages = await Client.SendAsync(request);

        Assert.Multiple(() =>
        {
            Assert.That(vonage.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(messages.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    [Test]
    public async Task Ids_and_statuses_with_U0000_from_a_signed_webhook_are_published_storable()
    {
        using var inbound = await Client.SendAsync("/webhooks/vonage/inbound", WebhookEncoding.Form, VonageInbound("0B00\0ID", "hello"));
        using var receipt = await Client.SendAsync(IngressApplication.TwilioRequest("/webhooks/twilio/status", new Dictionary<string, string>
        {
            ["MessageSid"] = "SM0000000000000000000000000000\0009",
            ["To"] = "+447700900806",
            ["From"] = "+447700900000",
            ["MessageStatus"] = "undelivered",
            ["ErrorCode"] = "30\0003",
        }));

        Assert.Multiple(() =>
        {
            Assert.That(inbound.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(receipt.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(Published().Single().ProviderMessageId, Is.EqualTo("0B00@ID"));
            var status = Application.Harness.Published.Select<SmsDeliveryStatusChanged>().Single().Context.Message;
            Assert.That((status.ProviderMessageId, status.ErrorCode), Is.EqualTo(("SM0000000000000000000000000000@009", "30@003")));
        });
    }

    [Test]
    public async Task A_limit_that_is_not_a_number_is_a_400_naming_limit()
    {
        using var response = await ApiClient.GetAsync("/v1/rejected-webhooks?limit=ten");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("limit", out _), Is.True);
    }

    [TestCase("\\u0000", "U+0000")]
    [TestCase("\\ud800", "unpaired surrogate")]
    public async Task The_send_API_refuses_such_a_text_with_400_naming_text_and_publishes_nothing(string escaped, string why)
    {
        using var response = await ApiClient.PostAsync("/v1/messages", new StringContent(
            $$"""{"to":"+447700900804","text":"Hello {{escaped}} there"}""", Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.GetProperty("text")[0].GetString(), Does.Contain(why));
        Assert.That(Application.Harness.Published.Select<SendSms>().Any(), Is.False);
    }
}
