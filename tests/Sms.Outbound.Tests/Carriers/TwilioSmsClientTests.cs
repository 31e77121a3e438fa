using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Sms.Outbound.Carriers;
using Sms.Outbound.Carriers.Twilio;
using Sms.Outbound.Tests.Support;

namespace Sms.Outbound.Tests.Carriers;

/// <summary>The Twilio client against a real local HTTP server speaking the Messages API (wire reference §6).</summary>
public class TwilioSmsClientTests : OutboundFixture
{
    private async Task<CarrierSendResult> SendAsync(OutboundSms message, int timeoutSeconds = 10, string? statusCallbackUrl = null)
    {
        var settings = Twilio.Settings();
        settings["Twilio:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Twilio:StatusCallbackUrl"] = statusCallbackUrl;
        return await Outbound(settings).GetRequiredService<TwilioSmsClient>().SendAsync(message, CancellationToken.None);
    }

    private static OutboundSms Message(string text = "Your table is booked for 19:30.") =>
        new(Guid.NewGuid(), "+15550100001", "+14155552671", text);

    [Test]
    public async Task A_send_posts_the_form_with_basic_auth_to_the_accounts_messages_resource()
    {
        var message = Message("Caf\u00e9 at 7? \ud83d\ude00");
        var result = await SendAsync(message, statusCallbackUrl: "https://sms.example.com/webhooks/twilio/status");

        var (request, authorization) = Twilio.Requests[^1];
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.InstanceOf<CarrierSendResult.Accepted>());
            Assert.That(request.Method, Is.EqualTo("POST"));
            Assert.That(request.Path, Is.EqualTo($"/2010-04-01/Accounts/{FakeTwilio.AccountSid}/Messages.json"));
            Assert.That(request.ContentType, Does.StartWith("application/x-www-form-urlencoded"));
            Assert.That(authorization, Is.EqualTo("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{FakeTwilio.AccountSid}:{FakeTwilio.AuthToken}"))));
            Assert.That(request.Form, Is.EqualTo(new Dictionary<string, string>
            {
                ["To"] = "+14155552671",
                ["From"] = "+15550100001",
                ["Body"] = "Caf\u00e9 at 7? \ud83d\ude00",
                ["StatusCallback"] = $"https://sms.example.com/webhooks/twilio/status?messageId={message.MessageId}",
            }));
        });
    }

    [Test]
    public async Task A_picture_goes_as_MediaUrl_beside_the_body()
    {
        var message = Message("The part you asked about") with { MediaUrls = ["https://inbox.example.com/v1/attachments/a/public?expires=1&signature=s"] };
        var result = await SendAsync(message);

        var form = Twilio.Requests[^1].Request.Form;
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.InstanceOf<CarrierSendResult.Accepted>());
            Assert.That(form["MediaUrl"], Is.EqualTo("https://inbox.example.com/v1/attachments/a/public?expires=1&signature=s"));
            Assert.That(form["Body"], Is.EqualTo("The part you asked about"));
        });
    }

    [Test]
    public async Task Without_a_status_callback_url_none_is_sent()
    {
        await SendAsync(Message());
        Assert.That(Twilio.Requests[^1].Request.Form.ContainsKey("StatusCallback"), Is.False);
    }

    [Test]
    public async Task A_201_answer_is_accepted_with_the_message_sid()
    {
        Twilio.Answer = _ => FakeTwilio.Created("SM11112222333344445555666677778888", segments: "2");
        var result = await SendAsync(Message());
        Assert.That(result, Is.EqualTo(new CarrierSendResult.Accepted(["SM11112222333344445555666677778888"], [])).Using<CarrierSendResult>(SameAccepted));
    }

    [Test]
    public async Task Error_21610_ends_the_send_with_the_code_and_its_meaning_and_is_not_retried()
    {
        Twilio.Answer = _ => FakeTwilio.Error(400, 21610, "Attempt to send to unsubscribed recipient");
        var result = await SendAsync(Message());

        var error = ((CarrierSendResult.Failed)result).Error;
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo("21610"));
            Assert.That(error.Reason, Does.Contain("Unsubscribed recipient").And.Contain("Attempt to send to unsubscribed recipient"));
            Assert.That(error.Retryable, Is.False);
        });
    }

    [TestCase(429, true, true)]
    [TestCase(500, true, false)]
    [TestCase(503, true, false)]
    public async Task Throttling_and_server_errors_are_retryable(int status, bool retryable, bool throttled)
    {
        Twilio.Answer = _ => FakeTwilio.Error(status, status == 429 ? 20429 : 20500, "Try later");
        var error = ((CarrierSendResult.Failed)await SendAsync(Message())).Error;
        Assert.Multiple(() =>
        {
            Assert.That(error.Retryable, Is.EqualTo(retryable));
            Assert.That(error.Throttled, Is.EqualTo(throttled));
        });
    }

    [Test]
    public async Task A_504_is_an_unknown_outcome()
    {
        Twilio.Answer = _ => new FakeAnswer(504, "");
        Assert.That(await SendAsync(Message()), Is.InstanceOf<CarrierSendResult.OutcomeUnknown>());
    }

    [Test]
    public async Task No_answer_in_time_is_an_unknown_outcome_not_a_retry()
    {
        Twilio.Answer = _ => FakeTwilio.Created("SMlate") with { Delay = TimeSpan.FromSeconds(3) };
        var result = await SendAsync(Message(), timeoutSeconds: 1);
        Assert.That(result, Is.InstanceOf<CarrierSendResult.OutcomeUnknown>());
    }

    [Test]
    public async Task No_connection_is_retryable_nothing_was_sent()
    {
        var settings = Twilio.Settings();
        settings["Twilio:BaseUrl"] = "http://127.0.0.1:9"; // the discard port: nothing listens
        using var provider = OutboundServices.Create("http://127.0.0.1:9", settings: settings).BuildServiceProvider();

        var result = await provider.GetRequiredService<TwilioSmsClient>().SendAsync(Message(), CancellationToken.None);

        Assert.That(result, Is.InstanceOf<CarrierSendResult.Failed>().With.Property("Error").With.Property("Retryable").True);
    }

    private static bool SameAccepted(CarrierSendResult a, CarrierSendResult b) =>
        a is CarrierSendResult.Accepted x && b is CarrierSendResult.Accepted y
        && x.ProviderMessageIds.SequenceEqual(y.ProviderMessageIds) && x.RejectedParts.SequenceEqual(y.RejectedParts);
}
