using System.Net;
using MassTransit.Testing;
using Sms.Contracts.Inbound;
using Sms.Ingress.Tests.Support;

namespace Sms.Ingress.Tests.Http;

public sealed class StartupTests : IngressTest
{
    [Test]
    public void Without_a_signature_secret_the_service_refuses_to_start_and_says_what_to_set()
    {
        var failure = StartFailure(new Dictionary<string, string?> { ["Vonage:SignatureSecret"] = null });

        Assert.That(Messages(failure), Does.Contain("Vonage__SignatureSecret").And.Contain("Vonage:RequireSignedWebhooks"));
    }

    [Test]
    public void Outside_Development_the_shipped_development_secrets_stop_the_start_naming_each_setting()
    {
        var failure = StartFailure(new Dictionary<string, string?>
        {
            ["Vonage:SignatureSecret"] = "local-dev-signature-secret",
            ["Twilio:AuthToken"] = "local-dev-twilio-token",
            ["Api:Keys:1"] = "local-dev-api-key",
        });

        Assert.That(Messages(failure), Does.Contain("Testing environment")
            .And.Contain("Vonage__SignatureSecret").And.Contain("Twilio__AuthToken").And.Contain("Api__Keys__1"));
    }

    [Test]
    public void An_unknown_signature_method_stops_the_start()
    {
        var failure = StartFailure(new Dictionary<string, string?> { ["Vonage:SignatureMethod"] = "sha3" });

        Assert.That(Messages(failure), Does.Contain("Vonage:SignatureMethod"));
    }

    [Test]
    public void Without_Redis_configured_the_service_refuses_to_start_and_says_what_to_set()
    {
        var failure = StartFailure(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = null });

        Assert.That(Messages(failure), Does.Contain("ConnectionStrings__Redis"));
    }

    [Test]
    public void A_publishing_claim_no_longer_than_the_publish_timeout_stops_the_start()
    {
        var failure = StartFailure(new Dictionary<string, string?>
        {
            ["Ingress:PublishTimeout"] = "00:00:10",
            ["Ingress:PublishingClaimTimeToLive"] = "00:00:10",
        });

        Assert.That(Messages(failure), Does.Contain("Ingress:PublishingClaimTimeToLive"));
    }

    [Test]
    public void A_seen_time_to_live_shorter_than_Vonages_24_hours_of_retries_stops_the_start()
    {
        var failure = StartFailure(new Dictionary<string, string?> { ["Ingress:SeenTimeToLive"] = "12:00:00" });

        Assert.That(Messages(failure), Does.Contain("SeenTimeToLive"));
    }

    [Test]
    public async Task With_signatures_not_required_an_unsigned_inbound_is_accepted()
    {
        var application = Ingress(new Dictionary<string, string?>
        {
            ["Vonage:SignatureSecret"] = null,
            ["Vonage:RequireSignedWebhooks"] = "false",
        });
        using var client = application.CreateClient();

        using var response = await client.SendAsync("/webhooks/vonage/inbound", WebhookEncoding.Form, new Dictionary<string, string>
        {
            ["msisdn"] = "447700900301",
            ["to"] = "447700900000",
            ["messageId"] = "0A0000003001",
            ["text"] = "Hi",
            ["type"] = "text",
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(application.Harness.Published.Select<InboundSmsReceived>().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task The_service_answers_its_liveness_probe()
    {
        using var response = await Client.GetAsync("/health/live");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static string Messages(Exception? e)
    {
        var messages = new List<string>();
        for (; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
            if (e is AggregateException aggregate) messages.AddRange(aggregate.InnerExceptions.Select(Messages));
        }
        return string.Join("\n", messages);
    }
}
