using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sms.CarrierSimulator.Tests.Support;
using Sms.Carriers.Twilio;

namespace Sms.CarrierSimulator.Tests.Twilio;

/// <summary>
/// The simulator speaking Twilio: the Messages API validated like Twilio, sends listed with their provider, signed
/// status callbacks, and signed inbound webhooks for our Twilio numbers, received by a real local server.
/// </summary>
public sealed class TwilioSimulationTests : SimulatorTests
{
    private const string AccountSid = "AC11111111111111111111111111111111";
    private const string AuthToken = "simulator-test-twilio-token";
    private const string TwilioNumber = "+15550100001";
    private const string TwilioInboundPath = "/webhooks/twilio/inbound";

    protected override (string Key, string? Value)[] SimulatorSettings =>
    [
        ("Simulator:Twilio:AccountSid", AccountSid),
        ("Simulator:Twilio:AuthToken", AuthToken),
        ("Simulator:Twilio:InboundWebhookUrl", Receiver.Url(TwilioInboundPath)),
        ("Simulator:Twilio:Numbers:0", TwilioNumber),
    ];

    /// <summary>What reached the receiver on Twilio's paths (the Vonage ones are checked apart).</summary>
    private IReadOnlyList<CapturedWebhook> TwilioWebhooks => [.. Receiver.Captured.Where(w => w.Path.StartsWith("/webhooks/twilio/", StringComparison.Ordinal))];

    private async Task<HttpResponseMessage> SendAsync(Dictionary<string, string> form, string sid = AccountSid, string token = AuthToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/2010-04-01/Accounts/{sid}/Messages.json") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{token}")));
        return await Client.SendAsync(request);
    }

    private static Dictionary<string, string> Send(Action<Dictionary<string, string>>? change = null)
    {
        var form = new Dictionary<string, string> { ["To"] = "+14155552671", ["From"] = TwilioNumber, ["Body"] = "Your order has shipped." };
        change?.Invoke(form);
        return form;
    }

    [Test]
    public async Task A_send_is_answered_201_with_a_sid_and_listed_with_its_provider()
    {
        using var response = await SendAsync(Send());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var listed = await Client.GetFromJsonAsync<JsonElement>("/simulator/messages?to=%2B14155552671");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(body.GetProperty("sid").GetString(), Does.Match("^SM[0-9a-f]{32}$"));
            Assert.That(body.GetProperty("num_segments").GetString(), Is.EqualTo("1"));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("queued"));
            Assert.That(listed.GetArrayLength(), Is.EqualTo(1));
            Assert.That(listed[0].GetProperty("provider").GetString(), Is.EqualTo("twilio"));
            Assert.That(listed[0].GetProperty("messageIds")[0].GetString(), Is.EqualTo(body.GetProperty("sid").GetString()));
            Assert.That(listed[0].GetProperty("text").GetString(), Is.EqualTo("Your order has shipped."));
        });
    }

    [TestCase("To", null, 400, 21604)]
    [TestCase("Body", null, 400, 21602)]
    [TestCase("From", null, 400, 21603)]
    [TestCase("To", "14155552671", 400, 21211)]
    [TestCase("To", "+1415", 400, 21211)]
    [TestCase("StatusCallback", "not a url", 400, 21609)]
    public async Task A_bad_send_is_refused_with_twilios_error(string field, string? value, int status, int code)
    {
        using var response = await SendAsync(Send(f =>
        {
            if (value is null) f.Remove(field);
            else f[field] = value;
        }));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(status));
            Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(code));
            Assert.That(body.GetProperty("status").GetInt32(), Is.EqualTo(status));
            Assert.That(body.GetProperty("message").GetString(), Is.Not.Empty);
        });
    }

    [Test]
    public async Task Wrong_credentials_are_refused_with_401_and_code_20003()
    {
        using var response = await SendAsync(Send(), token: "wrong");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32(), Is.EqualTo(20003));
    }

    [Test]
    public async Task A_send_with_a_status_callback_gets_signed_sent_and_delivered_callbacks()
    {
        var callback = Receiver.Url("/webhooks/twilio/status?messageId=6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b");
        using var response = await SendAsync(Send(f => f["StatusCallback"] = callback));
        var sid = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sid").GetString();

        var callbacks = await EventuallyAsync(() => TwilioWebhooks.Where(r => r.Path == "/webhooks/twilio/status").ToList(), c => c.Count == 2);
        Assert.Multiple(() =>
        {
            Assert.That(callbacks.Select(c => c.Form["MessageStatus"]), Is.EqualTo(new[] { "sent", "delivered" }));
            Assert.That(callbacks.Select(c => c.Form["MessageSid"]), Is.All.EqualTo(sid));
            Assert.That(callbacks.Select(c => c.Form["To"]), Is.All.EqualTo("+14155552671"));
            Assert.That(callbacks.Select(c => c.Url), Is.All.EqualTo(callback));
            Assert.That(callbacks.All(c => TwilioSignature.Matches(c.Url, c.Form, AuthToken, c.TwilioSignature)), Is.True, "signed over the callback URL");
        });
    }

    [Test]
    public async Task A_customer_texting_a_twilio_number_arrives_as_a_signed_twilio_webhook()
    {
        using var response = await Client.PostAsJsonAsync("/simulator/inbound", new { from = "+447700900123", to = TwilioNumber, text = "YES" });
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();

        var webhook = (await EventuallyAsync(() => TwilioWebhooks, r => r.Count == 1))[0];
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(answer.GetProperty("status").GetInt32(), Is.EqualTo(200));
            Assert.That(webhook.Url, Is.EqualTo(Receiver.Url(TwilioInboundPath)));
            Assert.That(webhook.Form["From"], Is.EqualTo("+447700900123"));
            Assert.That(webhook.Form["To"], Is.EqualTo(TwilioNumber));
            Assert.That(webhook.Form["Body"], Is.EqualTo("YES"));
            Assert.That(webhook.Form["MessageSid"], Is.EqualTo(answer.GetProperty("messageId").GetString()).And.StartWith("SM"));
            Assert.That(webhook.Form["AccountSid"], Is.EqualTo(AccountSid));
            Assert.That(TwilioSignature.Matches(webhook.Url, webhook.Form, AuthToken, webhook.TwilioSignature), Is.True);
            Assert.That(Receiver.Captured.Where(w => w.Path.StartsWith("/webhooks/vonage/", StringComparison.Ordinal)), Is.Empty, "not sent as a Vonage webhook");
        });
    }

    [Test]
    public async Task A_customer_texting_another_number_still_arrives_as_a_vonage_webhook()
    {
        using var response = await Client.PostAsJsonAsync("/simulator/inbound", new { from = "+447700900123", to = "+447700900000", text = "YES" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var vonage = await Receiver.WaitForAsync(w => w.Path == "/webhooks/vonage/inbound");
        Assert.Multiple(() =>
        {
            Assert.That(vonage[0].Parameters["msisdn"], Is.EqualTo("447700900123"));
            Assert.That(TwilioWebhooks, Is.Empty);
        });
    }

    private static async Task<T> EventuallyAsync<T>(Func<T> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var value = read();
            if (done(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(50);
        }
    }
}
