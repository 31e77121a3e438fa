using System.Text.Json;
using Sms.Conversations.Http;
using Sms.Conversations.Webhooks;
using Sms.Testing;

namespace Sms.Conversations.Tests.Webhooks;

/// <summary>
/// The Webhooks view's words (<c>wwwroot/inbox/webhooks.js</c>), run under node over the API's own
/// <see cref="WebhookSubscriptionView"/> and <see cref="WebhookDeliveryView"/>: which subscriptions admins are warned of,
/// what a row and a delivery say, and that the view offers every event type the API knows.
/// </summary>
public sealed class WebhooksViewTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static WebhookSubscriptionView Subscription(bool enabled, string? reason, DateTimeOffset? failingSince = null) => new(
        Guid.NewGuid(), "https://crm.example.test/hook", ["message.received"], enabled, null, At, "ada", failingSince,
        enabled ? null : At, reason);

    [Test]
    public async Task Admins_are_warned_of_subscriptions_the_platform_disabled_not_of_those_an_admin_switched_off()
    {
        var subscriptions = new[]
        {
            Subscription(true, null),
            Subscription(false, "disabled by an admin"),
            Subscription(false, "Every delivery failed from … (last: HTTP 500); disabled automatically."),
            Subscription(true, null, At.AddHours(-2)),
        };
        var result = await RunAsync<JsonElement>("""
            const { disabledByFailure, subscriptionStatus } = await import(input.module);
            process.stdout.write(JSON.stringify({
              warned: input.subscriptions.map(disabledByFailure),
              status: input.subscriptions.map(s => subscriptionStatus(s).split(" ")[0]),
            }));
            """, new { subscriptions });

        Assert.Multiple(() =>
        {
            Assert.That(result.GetProperty("warned").EnumerateArray().Select(e => e.GetBoolean()), Is.EqualTo(new[] { false, false, true, false }));
            Assert.That(result.GetProperty("status").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "Active", "Disabled:", "Disabled:", "Failing" }));
        });
    }

    [Test]
    public async Task A_delivery_says_delivered_given_up_or_queued()
    {
        WebhookDeliveryView Delivery(string state, int attempts) => new(
            1, Guid.NewGuid(), "message.status", null, state, attempts, At, state == "pending" ? At : null, null, null, null, []);
        var states = await RunAsync<string[]>(
            "const { deliveryState } = await import(input.module); process.stdout.write(JSON.stringify(input.deliveries.map(deliveryState)));",
            new { deliveries = new[] { Delivery("delivered", 1), Delivery("failed", 30), Delivery("pending", 0) } });

        Assert.That(states, Is.EqualTo(new[] { "Delivered", "Given up", "Queued" }));
    }

    [Test]
    public async Task The_view_offers_every_event_type_the_api_knows()
    {
        var types = await RunAsync<string[]>(
            "const { EVENT_TYPES } = await import(input.module); process.stdout.write(JSON.stringify(EVENT_TYPES.map(([t]) => t)));", new { });
        Assert.That(types, Is.EquivalentTo(WebhookEventTypes.All));
    }

    private static async Task<T> RunAsync<T>(string body, object payload) =>
        JsonSerializer.Deserialize<T>(await InboxModule.RunAsync("webhooks.js", body, payload))!;
}
