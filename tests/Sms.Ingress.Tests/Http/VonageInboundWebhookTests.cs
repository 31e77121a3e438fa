using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sms.Contracts.Inbound;
using Sms.Ingress.Tests.Support;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Ingress.Tests.Http;

public sealed class VonageInboundWebhookTests : IngressTest
{
    private const string Path = "/webhooks/vonage/inbound";

    private Dictionary<string, string> Inbound(string messageId, string text = "Hello world") => new()
    {
        ["msisdn"] = "447700900101",
        ["to"] = "447700900000",
        ["messageId"] = messageId,
        ["text"] = text,
        ["type"] = "text",
        ["keyword"] = "HELLO",
        ["message-timestamp"] = "2025-03-01 09:59:58",
        ["nonce"] = Guid.NewGuid().ToString(),
        ["api-key"] = "abcd1234",
    };

    /// <summary>What was published before the answer: the endpoint answers only after the publish completed.</summary>
    private List<InboundSmsReceived> Published() => Application.Published<InboundSmsReceived>();

    [TestCase(WebhookEncoding.Get)]
    [TestCase(WebhookEncoding.Form)]
    [TestCase(WebhookEncoding.Json)]
    public async Task A_signed_inbound_publishes_one_InboundSmsReceived_and_answers_204(WebhookEncoding encoding)
    {
        var providerId = $"0A00000001{encoding}";
        using var response = await Client.SendAsync(Path, encoding, Application.Sign(Inbound(providerId)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await response.Content.ReadAsStringAsync());
        var published = Published();
        Assert.That(published, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            var message = published[0];
            Assert.That(message.MessageId, Is.EqualTo(MessageIds.FromProvider("vonage", providerId)));
            Assert.That(message.Provider, Is.EqualTo("vonage"));
            Assert.That(message.ProviderMessageId, Is.EqualTo(providerId));
            Assert.That(message.From, Is.EqualTo("+447700900101"));
            Assert.That(message.To, Is.EqualTo("+447700900000"));
            Assert.That(message.Text, Is.EqualTo("Hello world"));
            Assert.That(message.ReceivedAt, Is.EqualTo(Application.Clock.GetUtcNow()));
        });
    }

    [TestCase(WebhookEncoding.Get)]
    [TestCase(WebhookEncoding.Form)]
    [TestCase(WebhookEncoding.Json)]
    public async Task Text_with_reserved_characters_and_accents_arrives_decoded_and_normalised(WebhookEncoding encoding)
    {
        // Signed over the decomposed form as sent; published in NFC and trimmed.
        using var response = await Client.SendAsync(Path, encoding, Application.Sign(Inbound("0A0000000200", " Cafe\u0301 & tea = 2+2 % 100 ")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await response.Content.ReadAsStringAsync());
        Assert.That(Published().Single().Text, Is.EqualTo("Café & tea = 2+2 % 100"));
    }

    [Test]
    public async Task A_json_inbound_with_numbers_for_values_is_verified_over_their_literal_text()
    {
        var parameters = Application.Sign(Inbound("0A0000000300"));
        var json = new StringBuilder("{");
        foreach (var (key, value) in parameters)
        {
            var literal = key == "timestamp" ? value : JsonSerializer.Serialize(value);
            json.Append(JsonSerializer.Serialize(key)).Append(':').Append(literal).Append(',');
        }
        json.Length--;
        json.Append('}');
        Assert.That(json.ToString(), Does.Contain("\"timestamp\":1740823200"));

        using var response = await Client.PostAsync(Path, new StringContent(json.ToString(), Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await response.Content.ReadAsStringAsync());
        Assert.That(Published(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_signed_query_merged_with_a_signed_form_body_is_accepted()
    {
        var signed = Application.Sign(Inbound("0A0000000400"));
        var query = string.Join("&", signed.Where(p => p.Key is "sig" or "timestamp" or "nonce")
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        var body = signed.Where(p => p.Key is not ("sig" or "timestamp" or "nonce"));

        using var response = await Client.PostAsync($"{Path}?{query}", new FormUrlEncodedContent(body));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await response.Content.ReadAsStringAsync());
        Assert.That(Published(), Has.Count.EqualTo(1));
    }

    [TestCase(WebhookEncoding.Get)]
    [TestCase(WebhookEncoding.Form)]
    [TestCase(WebhookEncoding.Json)]
    public async Task A_wrongly_signed_inbound_is_refused_with_401_and_publishes_nothing(WebhookEncoding encoding)
    {
        using var rejected = new RejectedWebhooks();
        var tampered = Application.Sign(Inbound("0A0000000500"));
        tampered["text"] = "Send me your password";

        using var response = await Client.SendAsync(Path, encoding, tampered);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(401));
            Assert.That(problem.GetProperty("reason").GetString(), Is.EqualTo("signature_invalid"));
            Assert.That(Published(), Is.Empty);
            Assert.That(rejected.Recorded, Is.EqualTo(new[] { ("inbound", "signature_invalid") }));
        });
    }

    [Test]
    public async Task A_signature_made_with_another_secret_is_refused()
    {
        var parameters = Sms.Carriers.Vonage.VonageSignature.Sign(Inbound("0A0000000550"), "someone-elses-secret",
            IngressApplication.Method, Application.Clock.GetUtcNow());

        using var response = await Client.SendAsync(Path, WebhookEncoding.Form, parameters);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(Published(), Is.Empty);
    }

    [Test]
    public async Task An_unsigned_inbound_is_refused_with_401_and_counted()
    {
        using var rejected = new RejectedWebhooks();

        using var response = await Client.SendAsync(Path, WebhookEncoding.Form, Inbound("0A0000000600"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.Multiple(() =>
        {
            Assert.That(Published(), Is.Empty);
            Assert.That(rejected.Recorded, Is.EqualTo(new[] { ("inbound", "signature_missing") }));
        });
    }

    [Test]
    public async Task A_retry_signed_two_hours_ago_is_published_once_and_its_replay_answered_as_a_duplicate()
    {
        using var late = new LateRetriesAccepted();
        // Vonage signs the time it began pushing: a retry after a two-hour outage carries that time.
        var parameters = Application.Sign(Inbound("0A0000000701"), Application.Clock.GetUtcNow().AddHours(-2));

        using var retry = await Client.SendAsync(Path, WebhookEncoding.Form, parameters);
        using var replay = await Client.SendAsync(Path, WebhookEncoding.Form, parameters);

        Assert.Multiple(() =>
        {
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(Published().Select(m => m.ProviderMessageId), Is.EqualTo(new[] { "0A0000000701" }), "the replay is a duplicate");
            Assert.That(late.Recorded, Is.EqualTo(new[] { ("inbound", ""), ("inbound", "") }));
        });
    }

    [TestCase(-3 * 86_400)]
    [TestCase(301)]
    public async Task An_inbound_signed_before_Vonages_retry_window_or_in_the_future_is_refused(int offsetSeconds)
    {
        using var rejected = new RejectedWebhooks();
        var parameters = Application.Sign(Inbound("0A0000000700"), Application.Clock.GetUtcNow().AddSeconds(offsetSeconds));

        using var response = await Client.SendAsync(Path, WebhookEncoding.Get, parameters);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.Multiple(() =>
        {
            Assert.That(Published(), Is.Empty);
            Assert.That(rejected.Recorded, Is.EqualTo(new[] { ("inbound", "timestamp_out_of_tolerance") }));
        });
    }

    [Test]
    public async Task A_signed_inbound_without_required_fields_is_refused_with_400_naming_them()
    {
        using var rejected = new RejectedWebhooks();
        var incomplete = Inbound("0A0000000800");
        incomplete.Remove("msisdn");
        incomplete.Remove("text");

        using var response = await Client.SendAsync(Path, WebhookEncoding.Form, Application.Sign(incomplete));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "msisdn", "text" }));
            Assert.That(problem.GetProperty("reason").GetString(), Is.EqualTo("invalid_payload"));
            Assert.That(Published(), Is.Empty);
            Assert.That(rejected.Recorded, Is.EqualTo(new[] { ("inbound", "invalid_payload") }));
        });
    }

    [Test]
    public async Task A_json_body_that_is_not_json_is_refused_with_400()
    {
        using var response = await Client.PostAsync(Path, new StringContent("msisdn=447700900101", Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("not valid JSON"));
    }

    [Test]
    public async Task A_body_in_another_format_is_refused_with_415()
    {
        using var response = await Client.PostAsync(Path, new StringContent("<sms/>", Encoding.UTF8, "application/xml"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(Published(), Is.Empty);
    }

    [Test]
    public async Task A_body_larger_than_any_webhook_is_refused_with_413()
    {
        var huge = Inbound("0A0000000900", new string('a', 70_000));

        using var response = await Client.SendAsync(Path, WebhookEncoding.Form, Application.Sign(huge));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test]
    public async Task The_parts_of_a_concatenated_message_are_published_as_one_message()
    {
        for (var part = 1; part <= 2; part++)
        {
            var parameters = Inbound($"0A000000100{part}", part == 1 ? "The first half of a long message" : "and its second half");
            parameters["concat"] = "true";
            parameters["concat-ref"] = "42";
            parameters["concat-part"] = part.ToString(System.Globalization.CultureInfo.InvariantCulture);
            parameters["concat-total"] = "2";
            using var response = await Client.SendAsync(Path, WebhookEncoding.Form, Application.Sign(parameters));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        var published = Published();
        Assert.That(published.Select(m => (m.ProviderMessageId, m.Text)), Is.EqualTo(new[]
        {
            ("concat:0A0000001001,0A0000001002", "The first half of a long messageand its second half"),
        }), "parts are joined exactly as split: no separator is added");
    }

    [Test]
    public async Task A_webhook_redelivered_by_Vonage_keeps_its_message_id()
    {
        var parameters = Application.Sign(Inbound("0A0000001100"));
        using (await Client.SendAsync(Path, WebhookEncoding.Form, parameters)) { }
        using (await Client.SendAsync(Path, WebhookEncoding.Form, parameters)) { }

        var published = Published();
        Assert.That(published.Select(m => m.MessageId).Distinct().ToList(), Is.EqualTo(new[] { MessageIds.FromProvider("vonage", "0A0000001100") }));
    }
}
