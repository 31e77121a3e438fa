using System.Net;
using MassTransit.Testing;
using Sms.Contracts.Inbound;

namespace Sms.Ingress.Tests.Http;

public sealed class StartupTests
{
    [Test]
    public async Task Without_a_signature_secret_the_service_refuses_to_start_and_says_what_to_set()
    {
        var application = new IngressApplication(new Dictionary<string, string?> { ["Vonage:SignatureSecret"] = null });
        try
        {
            var failure = Assert.Catch(() => application.CreateClient());
            Assert.That(Messages(failure), Does.Contain("Vonage__SignatureSecret").And.Contain("Vonage:RequireSignedWebhooks"));
        }
        finally
        {
            await DisposeQuietlyAsync(application);
        }
    }

    [Test]
    public async Task An_unknown_signature_method_stops_the_start()
    {
        var application = new IngressApplication(new Dictionary<string, string?> { ["Vonage:SignatureMethod"] = "sha3" });
        try
        {
            var failure = Assert.Catch(() => application.CreateClient());
            Assert.That(Messages(failure), Does.Contain("Vonage:SignatureMethod"));
        }
        finally
        {
            await DisposeQuietlyAsync(application);
        }
    }

    [Test]
    public async Task Without_Redis_configured_the_service_refuses_to_start_and_says_what_to_set()
    {
        var application = new IngressApplication(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = null });
        try
        {
            var failure = Assert.Catch(() => application.CreateClient());
            Assert.That(Messages(failure), Does.Contain("ConnectionStrings__Redis"));
        }
        finally
        {
            await DisposeQuietlyAsync(application);
        }
    }

    [Test]
    public async Task A_publishing_claim_no_longer_than_the_publish_timeout_stops_the_start()
    {
        var application = new IngressApplication(new Dictionary<string, string?>
        {
            ["Ingress:PublishTimeout"] = "00:00:10",
            ["Ingress:PublishingClaimTimeToLive"] = "00:00:10",
        });
        try
        {
            var failure = Assert.Catch(() => application.CreateClient());
            Assert.That(Messages(failure), Does.Contain("Ingress:PublishingClaimTimeToLive"));
        }
        finally
        {
            await DisposeQuietlyAsync(application);
        }
    }

    [Test]
    public async Task A_seen_time_to_live_shorter_than_Vonages_24_hours_of_retries_stops_the_start()
    {
        var application = new IngressApplication(new Dictionary<string, string?> { ["Ingress:SeenTimeToLive"] = "12:00:00" });
        try
        {
            var failure = Assert.Catch(() => application.CreateClient());
            Assert.That(Messages(failure), Does.Contain("SeenTimeToLive"));
        }
        finally
        {
            await DisposeQuietlyAsync(application);
        }
    }

    [Test]
    public async Task With_signatures_not_required_an_unsigned_inbound_is_accepted()
    {
        await using var application = new IngressApplication(new Dictionary<string, string?>
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
        await using var application = new IngressApplication();
        using var client = application.CreateClient();

        using var response = await client.GetAsync("/health/live");

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

    private static async Task DisposeQuietlyAsync(IngressApplication application)
    {
        try
        {
            await application.DisposeAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or AggregateException or OperationCanceledException)
        {
            // The host never started; there is nothing left to stop.
        }
    }
}
