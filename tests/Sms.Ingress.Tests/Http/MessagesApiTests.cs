using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sms.Contracts.Outbound;
using Sms.Ingress.Tests.Support;

namespace Sms.Ingress.Tests.Http;

public sealed class MessagesApiTests : IngressTest
{
    private const string Path = "/v1/messages";

    private List<SendSms> Published() => Application.Published<SendSms>();

    private static object Reminder(string to) => new
    {
        to,
        text = "Reminder: your appointment is tomorrow at 10:00. Reply YES to confirm or NO to rebook.",
        category = "transactional",
        campaignId = "reminders-march",
        prompt = new
        {
            sessionType = "appointment_reminder",
            options = new Dictionary<string, string>
            {
                ["1"] = "confirm_appointment",
                ["YES"] = "confirm_appointment",
                ["2"] = "reschedule_request",
                ["NO"] = "reschedule_request",
            },
            autoResponses = new Dictionary<string, string> { ["confirm_appointment"] = "Thanks, see you tomorrow." },
            timeToLiveSeconds = 86_400,
            context = new Dictionary<string, string> { ["appointmentId"] = "A-1" },
        },
    };

    [Test]
    public async Task A_valid_request_is_published_as_SendSms_with_its_prompt_and_answered_202()
    {
        using var response = await ApiClient.PostAsJsonAsync(Path, Reminder("+447700900201"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var messageId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetGuid();
        var sends = Published();
        Assert.That(sends, Has.Count.EqualTo(1));
        var send = sends[0];
        Assert.Multiple(() =>
        {
            Assert.That(send.MessageId, Is.EqualTo(messageId));
            Assert.That(send.To, Is.EqualTo("+447700900201"));
            Assert.That(send.From, Is.Null);
            Assert.That(send.Text, Does.StartWith("Reminder: your appointment"));
            Assert.That(send.Category, Is.EqualTo(SmsCategory.Transactional));
            Assert.That(send.CampaignId, Is.EqualTo("reminders-march"));
            Assert.That(send.Origin, Is.EqualTo(SmsOrigin.Upstream));
            Assert.That(send.RequestedAt, Is.EqualTo(Application.Clock.GetUtcNow()));
            Assert.That(send.Prompt, Is.Not.Null);
            Assert.That(send.Prompt!.SessionType, Is.EqualTo("appointment_reminder"));
            Assert.That(send.Prompt.Options, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["1"] = "confirm_appointment",
                ["YES"] = "confirm_appointment",
                ["2"] = "reschedule_request",
                ["NO"] = "reschedule_request",
            }));
            Assert.That(send.Prompt.AutoResponses, Is.EquivalentTo(new Dictionary<string, string> { ["confirm_appointment"] = "Thanks, see you tomorrow." }));
            Assert.That(send.Prompt.TimeToLive, Is.EqualTo(TimeSpan.FromDays(1)));
            Assert.That(send.Prompt.Context, Is.EquivalentTo(new Dictionary<string, string> { ["appointmentId"] = "A-1" }));
        });
    }

    [Test]
    public async Task The_callers_message_id_is_used_and_returned()
    {
        var id = Guid.NewGuid();
        using var response = await ApiClient.PostAsJsonAsync(Path, new { messageId = id, to = "+447700900202", text = "Hello", from = "Clinic" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.Multiple(async () =>
        {
            Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetGuid(), Is.EqualTo(id));
            Assert.That(Published().Single().MessageId, Is.EqualTo(id));
            Assert.That(Published().Single().From, Is.EqualTo("Clinic"));
        });
    }

    [Test]
    public async Task A_request_without_an_api_key_is_refused_with_401_and_publishes_nothing()
    {
        ApiClient.DefaultRequestHeaders.Remove("X-Api-Key");

        using var response = await ApiClient.PostAsJsonAsync(Path, Reminder("+447700900203"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(Published(), Is.Empty);
    }

    [Test]
    public async Task A_request_with_a_wrong_api_key_is_refused_with_401()
    {
        ApiClient.DefaultRequestHeaders.Remove("X-Api-Key");
        ApiClient.DefaultRequestHeaders.Add("X-Api-Key", "not-the-key");

        using var response = await ApiClient.PostAsJsonAsync(Path, Reminder("+447700900204"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(Published(), Is.Empty);
    }

    [Test]
    public async Task The_api_key_may_be_sent_as_a_bearer_token()
    {
        ApiClient.DefaultRequestHeaders.Remove("X-Api-Key");
        ApiClient.DefaultRequestHeaders.Authorization = new("Bearer", IngressApplication.ApiKey);

        using var response = await ApiClient.PostAsJsonAsync(Path, new { to = "+447700900205", text = "Hello" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
    }

    [Test]
    public async Task An_invalid_request_is_refused_with_400_listing_every_error()
    {
        using var response = await ApiClient.PostAsJsonAsync(Path, new
        {
            to = "07700900206",
            text = "",
            category = "promotional",
            prompt = new { sessionType = "appointment_reminder", options = new Dictionary<string, string>(), timeToLiveSeconds = 5 },
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem.GetProperty("errors").EnumerateObject().Select(p => p.Name),
                Is.EquivalentTo(new[] { "to", "text", "category", "prompt.options", "prompt.timeToLiveSeconds" }));
            Assert.That(Published(), Is.Empty);
        });
    }

    [TestCase("this is not json", "text/plain")]
    [TestCase("this is not json", "application/json")]
    [TestCase("", "application/json")]
    [TestCase("[1, 2, 3]", "application/json")]
    [TestCase("to=%2B447700900207&text=Hello", "application/x-www-form-urlencoded")]
    public async Task A_body_that_is_not_a_json_object_is_refused_with_400(string body, string contentType)
    {
        using var response = await ApiClient.PostAsync(Path, new StringContent(body, Encoding.UTF8, contentType));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "request" }));
            Assert.That(Published(), Is.Empty);
        });
    }

    [Test]
    public async Task A_field_of_the_wrong_type_is_named_in_the_400()
    {
        using var response = await ApiClient.PostAsync(Path, new StringContent(
            """{"to":"+447700900208","text":"Hi","messageId":"not-a-guid"}""", Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "messageId" }));
    }

    [Test]
    public async Task The_json_literal_null_is_refused_with_400()
    {
        using var response = await ApiClient.PostAsync(Path, new StringContent("null", Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
