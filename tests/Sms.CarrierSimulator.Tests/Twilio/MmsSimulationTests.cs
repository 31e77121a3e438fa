using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sms.CarrierSimulator.State;
using Sms.CarrierSimulator.Tests.Support;
using Sms.Carriers.Twilio;

namespace Sms.CarrierSimulator.Tests.Twilio;

/// <summary>
/// Simulated MMS: an inbound picture for each carrier, with the simulator serving the media as that carrier does, and
/// Twilio sends that carry a <c>MediaUrl</c>.
/// </summary>
public sealed class MmsSimulationTests : SimulatorTests
{
    private const string AccountSid = "AC22222222222222222222222222222222";
    private const string AuthToken = "simulator-mms-twilio-token";
    private const string TwilioNumber = "+15550100002";

    protected override (string Key, string? Value)[] SimulatorSettings =>
    [
        ("Simulator:Twilio:AccountSid", AccountSid),
        ("Simulator:Twilio:AuthToken", AuthToken),
        ("Simulator:Twilio:InboundWebhookUrl", Receiver.Url("/webhooks/twilio/inbound")),
        ("Simulator:Twilio:Numbers:0", TwilioNumber),
    ];

    private static AuthenticationHeaderValue Basic(string token) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{token}")));

    [Test]
    public async Task An_inbound_MMS_to_a_Twilio_number_carries_a_MediaUrl_served_only_with_the_accounts_credentials()
    {
        using var simulated = await Client.PostAsJsonAsync("/simulator/inbound", new { from = "+447700900321", to = TwilioNumber, text = "", media = new { } });
        Assert.That(simulated.StatusCode, Is.EqualTo(HttpStatusCode.OK), await simulated.Content.ReadAsStringAsync());
        var webhook = (await Receiver.WaitForAsync(w => w.Path == "/webhooks/twilio/inbound")).Single();
        var mediaUrl = new Uri(webhook.Form["MediaUrl0"]);

        using var anonymous = await Client.GetAsync(mediaUrl.PathAndQuery);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, mediaUrl.PathAndQuery) { Headers = { Authorization = Basic("not-the-token") } };
        using var wrongAnswer = await Client.SendAsync(wrong);
        using var right = new HttpRequestMessage(HttpMethod.Get, mediaUrl.PathAndQuery) { Headers = { Authorization = Basic(AuthToken) } };
        using var rightAnswer = await Client.SendAsync(right);

        Assert.Multiple(async () =>
        {
            Assert.That(webhook.Form["NumMedia"], Is.EqualTo("1"));
            Assert.That(webhook.Form["MediaContentType0"], Is.EqualTo("image/png"));
            Assert.That(webhook.Form["Body"], Is.Empty);
            Assert.That(mediaUrl.AbsolutePath, Does.StartWith($"/2010-04-01/Accounts/{AccountSid}/Messages/{webhook.Form["MessageSid"]}/Media/ME"));
            Assert.That(webhook.TwilioSignature, Is.EqualTo(TwilioSignature.Compute(webhook.Url, webhook.Form, AuthToken)));
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(wrongAnswer.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(rightAnswer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await rightAnswer.Content.ReadAsByteArrayAsync(), Is.EqualTo(MediaStore.SamplePicture));
        });
    }

    [Test]
    public async Task An_inbound_MMS_to_a_Vonage_number_is_a_signed_Messages_API_image_with_a_public_url()
    {
        var pdf = "%PDF-1.7 simulated"u8.ToArray();
        using var simulated = await Client.PostAsJsonAsync("/simulator/inbound",
            new { from = "+447700900322", to = "+447700900999", text = "the invoice", media = new { contentType = "application/pdf", base64 = Convert.ToBase64String(pdf) } });
        Assert.That(simulated.StatusCode, Is.EqualTo(HttpStatusCode.OK), await simulated.Content.ReadAsStringAsync());
        var webhook = (await Receiver.WaitForAsync(w => w.Path == "/webhooks/vonage/messages/inbound")).Single();
        var file = JsonDocument.Parse(webhook.Parameters["file"]).RootElement;
        using var media = await Client.GetAsync(new Uri(file.GetProperty("url").GetString()!).PathAndQuery);
        var token = webhook.Authorization!["Bearer ".Length..].Split('.');
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SimulatorFactory.SignatureSecret), Encoding.ASCII.GetBytes(token[0] + "." + token[1])))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.Multiple(async () =>
        {
            Assert.That(webhook.Parameters["channel"], Is.EqualTo("mms"));
            Assert.That(webhook.Parameters["message_type"], Is.EqualTo("file"));
            Assert.That(webhook.Parameters["from"], Is.EqualTo("447700900322"));
            Assert.That(file.GetProperty("caption").GetString(), Is.EqualTo("the invoice"));
            Assert.That(token[2], Is.EqualTo(signature), "signed HS256 with the signature secret");
            Assert.That(media.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await media.Content.ReadAsByteArrayAsync(), Is.EqualTo(pdf));
        });
    }

    [Test]
    public async Task A_Twilio_send_with_a_MediaUrl_and_no_Body_is_accepted_and_listed_with_its_media()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/2010-04-01/Accounts/{AccountSid}/Messages.json")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["To"] = "+14155552672", ["From"] = TwilioNumber, ["MediaUrl"] = "https://inbox.example.com/v1/attachments/a/public?expires=1&signature=s",
            }),
            Headers = { Authorization = Basic(AuthToken) },
        };
        using var response = await Client.SendAsync(request);
        var listed = await Client.GetFromJsonAsync<JsonElement>("/simulator/messages?to=%2B14155552672");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(listed[0].GetProperty("mediaUrls")[0].GetString(), Is.EqualTo("https://inbox.example.com/v1/attachments/a/public?expires=1&signature=s"));
        });
    }

    [Test]
    public async Task A_Twilio_send_with_a_MediaUrl_that_is_not_a_url_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/2010-04-01/Accounts/{AccountSid}/Messages.json")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["To"] = "+14155552673", ["From"] = TwilioNumber, ["MediaUrl"] = "not a url" }),
            Headers = { Authorization = Basic(AuthToken) },
        };
        using var response = await Client.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(21620));
    }
}
