using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sms.Conversations.Tests.Support;

namespace Sms.Conversations.Tests.Webhooks;

/// <summary>Webhooks through the running service: managed over the API, fed by the bus, posted by its own dispatcher.</summary>
public sealed class WebhookApiTests : InboxServiceTest
{
    private WebhookReceiver _receiver = null!;

    protected override async Task StartPeersAsync()
    {
        await WebhookTables.ResetAsync();
        _receiver = await WebhookReceiver.StartAsync();
    }

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Inbox:Webhooks:PollInterval"] = "00:00:00.050",
    };

    protected override async ValueTask StopPeersAsync()
    {
        await _receiver.DisposeAsync();
        await WebhookTables.ResetAsync();
    }

    [Test]
    public async Task An_admin_subscribes_and_the_customers_messages_arrive_signed_logged_and_replayable()
    {
        using var created = await Client.PostAsJsonAsync("/v1/webhooks", new { url = _receiver.Url("/crm"), eventTypes = new[] { "message.received" }, description = "CRM" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var answer = await created.Content.ReadFromJsonAsync<JsonElement>();
        var secret = answer.GetProperty("secret").GetString()!;
        var id = answer.GetProperty("subscription").GetProperty("id").GetGuid();
        var shown = await Client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{id}");
        var listed = await Client.GetFromJsonAsync<JsonElement>("/v1/webhooks");

        var events = Events.ForNewCustomer();
        var inbound = events.Inbound("Is my order on its way?", DateTimeOffset.UtcNow);
        await Service.Bus.Bus.Publish(inbound);
        var request = await ReceivedAsync(1);

        var delivery = await DeliveredAsync(id); // the receiver has it before the dispatcher records the answer
        using var replay = await Client.PostAsync($"/v1/webhooks/{id}/deliveries/{delivery.GetProperty("id").GetInt64()}/replay", null);
        var replayed = await ReceivedAsync(2);
        using var missing = await Client.PostAsync($"/v1/webhooks/{id}/deliveries/{long.MaxValue}/replay", null);

        Assert.Multiple(() =>
        {
            Assert.That(secret, Does.StartWith("whsec_"));
            Assert.That(shown.TryGetProperty("secret", out _), Is.False, "the secret is shown at creation only");
            Assert.That(listed.EnumerateArray().Select(s => s.GetProperty("id").GetGuid()), Does.Contain(id));
            Assert.That(shown.GetProperty("createdBy").GetString(), Is.Not.Empty);
            Assert.That(request.Path, Is.EqualTo("/crm"));
            Assert.That(WebhookReceiver.Verify(secret, request), Is.True);
            Assert.That(request.Data("messageId"), Is.EqualTo(inbound.MessageId.ToString()));
            Assert.That(delivery.GetProperty("state").GetString(), Is.EqualTo("delivered"));
            Assert.That(delivery.GetProperty("eventId").GetString(), Is.EqualTo(request.Id));
            Assert.That(delivery.GetProperty("attemptLog")[0].GetProperty("statusCode").GetInt32(), Is.EqualTo(200));
            Assert.That(delivery.GetProperty("attemptLog")[0].GetProperty("latencyMs").GetInt32(), Is.GreaterThanOrEqualTo(0));
            Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(replayed.Id, Is.EqualTo(request.Id), "a replay keeps the event id");
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task A_subscription_switched_off_by_an_admin_says_so_and_gets_nothing()
    {
        using var created = await Client.PostAsJsonAsync("/v1/webhooks", new { url = _receiver.Url("/off"), eventTypes = new[] { "consent.opted_out" } });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("subscription").GetProperty("id").GetGuid();
        using var off = await Client.PutAsJsonAsync($"/v1/webhooks/{id}", new { url = _receiver.Url("/off"), eventTypes = new[] { "consent.opted_out" }, enabled = false });
        var view = await off.Content.ReadFromJsonAsync<JsonElement>();

        var events = Events.ForNewCustomer();
        await Service.Bus.Bus.Publish(events.OptOut(events.Inbound("STOP", DateTimeOffset.UtcNow)));
        await Task.Delay(500);

        Assert.Multiple(() =>
        {
            Assert.That(off.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(view.GetProperty("enabled").GetBoolean(), Is.False);
            Assert.That(view.GetProperty("disabledReason").GetString(), Is.EqualTo("disabled by an admin"));
            Assert.That(_receiver.Received.Where(r => r.Path == "/off"), Is.Empty);
        });
    }

    [TestCase("ftp://example.test/hook", "message.received", "url")]
    [TestCase("https://user:pw@example.test/hook", "message.received", "url")]
    [TestCase("https://example.test/hook", "message.sent", "eventTypes")]
    public async Task A_wrong_subscription_is_refused_naming_the_field(string url, string type, string field)
    {
        using var response = await Client.PostAsJsonAsync("/v1/webhooks", new { url, eventTypes = new[] { type } });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, problem.ToString());
        });
    }

    [Test]
    public async Task Agents_who_are_not_admins_cannot_see_or_manage_webhooks()
    {
        var agent = await Service.CreateAgentAsync();
        using var client = await Service.SignedInClientAsync(agent, "agent-password-1");
        using var list = await client.GetAsync("/v1/webhooks");
        using var create = await client.PostAsJsonAsync("/v1/webhooks", new { url = _receiver.Url(), eventTypes = new[] { "message.received" } });
        Assert.Multiple(() =>
        {
            Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(create.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    private async Task<JsonElement> DeliveredAsync(Guid subscriptionId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var delivery = (await Client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{subscriptionId}/deliveries")).GetProperty("items")[0];
            if (delivery.GetProperty("state").GetString() == "delivered" || DateTime.UtcNow > deadline)
                return delivery;
            await Task.Delay(20);
        }
    }

    private async Task<ReceivedWebhook> ReceivedAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (_receiver.Received.Count(r => r.Path == "/crm") < count)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"webhook {count} did not arrive");
            await Task.Delay(20);
        }
        return _receiver.Received.Where(r => r.Path == "/crm").ElementAt(count - 1);
    }
}
