using System.Net;
using System.Net.Http.Json;
using MassTransit.Testing;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.Ingress.Tests.Support;

namespace Sms.Ingress.Tests.Http;

/// <summary>
/// When the broker does not confirm a publish, nothing may be acknowledged: the endpoints answer 503 so Vonage (or the
/// upstream system) retries. The failure is real MassTransit behaviour — a publish pipe filter that throws, or one that
/// never completes — rather than a mock of the publish endpoint.
/// </summary>
public sealed class BrokerFailureTests : IngressTest
{
    private IngressApplication BrokerRefusing() => IngressWithBroker(_ => Refuse());

    private IngressApplication BrokerNotAnswering() => IngressWithBroker(context => Task.Delay(Timeout.InfiniteTimeSpan, context.CancellationToken));

    private static Dictionary<string, string> Inbound() => new()
    {
        ["msisdn"] = "447700900401",
        ["to"] = "447700900000",
        ["messageId"] = "0A0000004001",
        ["text"] = "Hello",
        ["type"] = "text",
        ["message-timestamp"] = "2025-03-01 09:59:58",
    };

    [Test]
    public async Task An_inbound_the_broker_refuses_is_answered_503_so_Vonage_retries()
    {
        var application = BrokerRefusing();
        using var client = application.CreateClient();

        using var response = await client.SendAsync("/webhooks/vonage/inbound", WebhookEncoding.Form, application.Sign(Inbound()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(application.Harness.Published.Select<InboundSmsReceived>().Any(), Is.False);
        });
    }

    [Test]
    public async Task An_inbound_whose_publish_is_not_confirmed_in_time_is_answered_503()
    {
        var application = BrokerNotAnswering();
        using var client = application.CreateClient();
        var started = DateTimeOffset.UtcNow;

        using var response = await client.SendAsync("/webhooks/vonage/inbound", WebhookEncoding.Get, application.Sign(Inbound()));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(DateTimeOffset.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(10)), "the publish timeout bounds the request");
        });
    }

    [Test]
    public async Task A_delivery_receipt_the_broker_refuses_is_answered_503()
    {
        var application = BrokerRefusing();
        using var client = application.CreateClient();

        using var response = await client.SendAsync("/webhooks/vonage/delivery-receipt", WebhookEncoding.Form, application.Sign(new Dictionary<string, string>
        {
            ["messageId"] = "0B0000004002",
            ["msisdn"] = "447700900402",
            ["status"] = "delivered",
            ["err-code"] = "0",
            ["to"] = "Clinic",
        }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(application.Harness.Published.Select<SmsDeliveryStatusChanged>().Any(), Is.False);
    }

    [Test]
    public async Task A_send_the_broker_refuses_is_answered_503_not_202()
    {
        var application = BrokerRefusing();
        using var client = application.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", IngressApplication.ApiKey);

        using var response = await client.PostAsJsonAsync("/v1/messages", new { to = "+447700900403", text = "Hello" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(application.Harness.Published.Select<SendSms>().Any(), Is.False);
    }
}
