using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sms.Contracts.Inbound;
using Sms.Ingress.Data;
using Sms.Ingress.Tests.Inbound;
using Sms.Ingress.Tests.Support;
using Sms.ServiceDefaults.Messaging;
using StackExchange.Redis;

namespace Sms.Ingress.Tests.Http;

/// <summary>
/// Vonage retries a webhook until it gets a 2xx, for up to 24 hours, and may deliver it again even after one: the
/// same provider message id must be published once, across requests, ingress restarts and instances (the claims are
/// in the real Redis). A retry after a failed publish, or after a process died holding the claim, must still publish.
/// </summary>
public sealed class InboundDeduplicationTests : IngressTest
{
    private const string Path = "/webhooks/vonage/inbound";

    private static Dictionary<string, string> Inbound(string messageId) => new()
    {
        ["msisdn"] = "447700900501",
        ["to"] = "447700900000",
        ["messageId"] = messageId,
        ["text"] = "Is Friday possible?",
        ["type"] = "text",
        ["message-timestamp"] = "2025-03-01 09:59:58",
    };

    [Test]
    public async Task A_webhook_replayed_five_times_yields_one_InboundSmsReceived()
    {
        var encodings = new[] { WebhookEncoding.Form, WebhookEncoding.Form, WebhookEncoding.Get, WebhookEncoding.Json, WebhookEncoding.Form };

        var statuses = new List<HttpStatusCode>();
        foreach (var encoding in encodings)
        {
            // Each delivery signed afresh (its own timestamp and nonce), as Vonage does when it retries.
            var parameters = Inbound("0A0000005001");
            parameters["nonce"] = Guid.NewGuid().ToString();
            using var response = await Client.SendAsync(Path, encoding, Application.Sign(parameters));
            statuses.Add(response.StatusCode);
        }

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.NoContent), "a duplicate is acknowledged, so Vonage stops retrying");
            Assert.That(Application.Published<InboundSmsReceived>().Select(m => m.MessageId),
                Is.EqualTo(new[] { MessageIds.FromProvider("vonage", "0A0000005001") }));
        });
    }

    [Test]
    public async Task The_published_id_is_remembered_in_Redis_for_48_hours_under_its_provider_and_id()
    {
        using (await Client.SendAsync(Path, WebhookEncoding.Form, Application.Sign(Inbound("0A0000005002")))) { }

        var key = $"{Application.RedisKeyPrefix}seen:vonage:0A0000005002";
        var db = Application.Redis;
        var ttl = await db.KeyTimeToLiveAsync(key);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That((string?)await db.StringGetAsync(key), Is.EqualTo("published"));
            Assert.That(ttl, Is.GreaterThan(TimeSpan.FromHours(47)).And.LessThanOrEqualTo(TimeSpan.FromHours(48)));
        });
    }

    [Test]
    public async Task A_webhook_replayed_after_the_ingress_restarted_is_not_published_again()
    {
        using (var response = await Client.SendAsync(Path, WebhookEncoding.Form, Application.Sign(Inbound("0A0000005003"))))
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(Application.Published<InboundSmsReceived>(), Has.Count.EqualTo(1));
        await Application.DisposeAsync();

        // A new process (or another instance) with the same Redis.
        var second = Ingress(new Dictionary<string, string?> { ["Ingress:RedisKeyPrefix"] = Application.RedisKeyPrefix });
        using var secondClient = second.CreateClient();
        using var replay = await secondClient.SendAsync(Path, WebhookEncoding.Get, second.Sign(Inbound("0A0000005003")));

        Assert.Multiple(() =>
        {
            Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(second.Published<InboundSmsReceived>(), Is.Empty);
        });
    }

    [Test]
    public async Task A_webhook_replayed_after_Redis_crashed_and_restarted_is_a_duplicate_and_not_published_again()
    {
        // A Redis of the test's own (the shared one must not be restarted), with append-only persistence as deployed.
        var redis = Track(await PrivateRedisServer.StartAsync(appendOnly: true));
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis.ConnectionString };
        var first = Ingress(settings);
        settings["Ingress:RedisKeyPrefix"] = first.RedisKeyPrefix;
        using (var response = await first.CreateClient().SendAsync(Path, WebhookEncoding.Form, first.Sign(Inbound("0A0000005009"))))
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(first.Published<InboundSmsReceived>(), Has.Count.EqualTo(1));
        await first.DisposeAsync();

        // Killed without a chance to save, then started on the same data: only the append-only file brings the claim back.
        await redis.RestartAsync();
        var second = Ingress(settings);
        using var secondClient = second.CreateClient();
        using var replay = await secondClient.SendAsync(Path, WebhookEncoding.Form, second.Sign(Inbound("0A0000005009")));

        Assert.Multiple(() =>
        {
            Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(second.Published<InboundSmsReceived>(), Is.Empty, "the claim survived the Redis restart");
        });
    }

    [Test]
    public async Task A_replay_after_a_failed_publish_is_published()
    {
        var refuse = 1;
        var application = IngressWithBroker(_ => Interlocked.Exchange(ref refuse, 0) == 1 ? Refuse() : Task.CompletedTask, "00:00:00.500");
        using var client = application.CreateClient();

        using var failed = await client.SendAsync(Path, WebhookEncoding.Form, application.Sign(Inbound("0A0000005004")));
        using var retried = await client.SendAsync(Path, WebhookEncoding.Form, application.Sign(Inbound("0A0000005004")));
        using var again = await client.SendAsync(Path, WebhookEncoding.Form, application.Sign(Inbound("0A0000005004")));

        Assert.Multiple(() =>
        {
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(application.Published<InboundSmsReceived>().Select(m => m.ProviderMessageId), Is.EqualTo(new[] { "0A0000005004" }));
        });
    }

    [Test]
    public async Task A_claim_left_by_a_process_that_died_before_publishing_lapses_and_the_retry_publishes()
    {
        var key = $"{Application.RedisKeyPrefix}seen:vonage:0A0000005005";
        var db = Application.Redis;
        // What a process that claimed the message and died before publishing leaves behind.
        await db.StringSetAsync(key, "publishing:dead-process", TimeSpan.FromMilliseconds(800));

        using var whileClaimed = await Client.SendAsync(Path, WebhookEncoding.Form, Application.Sign(Inbound("0A0000005005")));
        var publishedWhileClaimed = Application.Published<InboundSmsReceived>().Count;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await db.KeyExistsAsync(key) && DateTime.UtcNow < deadline) await Task.Delay(100);
        using var afterLapse = await Client.SendAsync(Path, WebhookEncoding.Form, Application.Sign(Inbound("0A0000005005")));

        Assert.Multiple(() =>
        {
            Assert.That(whileClaimed.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "the claim holder may yet fail: not acknowledged");
            Assert.That(publishedWhileClaimed, Is.Zero);
            Assert.That(afterLapse.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(Application.Published<InboundSmsReceived>().Select(m => m.ProviderMessageId), Is.EqualTo(new[] { "0A0000005005" }));
        });
    }

    [Test]
    public async Task Without_Redis_an_inbound_is_answered_503_and_not_published_unchecked()
    {
        var application = Ingress(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = "127.0.0.1:1,connectTimeout=200,asyncTimeout=500,syncTimeout=500,abortConnect=false",
        });
        using var client = application.CreateClient();

        using var response = await client.SendAsync(Path, WebhookEncoding.Form, application.Sign(Inbound("0A0000005006")));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(application.Published<InboundSmsReceived>(), Is.Empty);
        });
    }

    [Test]
    public async Task A_released_claim_is_removed_only_while_it_is_still_the_releasers()
    {
        var claims = Application.Services.GetRequiredService<ProviderMessageClaims>();
        var db = Application.Redis;

        var (outcome, claim) = await claims.TryClaimAsync("vonage", "0A0000005007");
        var (second, _) = await claims.TryClaimAsync("vonage", "0A0000005007");
        // The claim lapsed and another request took it.
        await db.StringSetAsync(claim!.Key, "publishing:someone-else");
        await claims.ReleaseAsync(claim);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(outcome, Is.EqualTo(ClaimOutcome.Claimed));
            Assert.That(second, Is.EqualTo(ClaimOutcome.InProgress));
            Assert.That((string?)await db.StringGetAsync(claim.Key), Is.EqualTo("publishing:someone-else"));
        });

        var (third, own) = await claims.TryClaimAsync("vonage", "0A0000005008");
        await claims.ReleaseAsync(own!);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(third, Is.EqualTo(ClaimOutcome.Claimed));
            Assert.That(await db.KeyExistsAsync(own!.Key), Is.False);
        });
    }
}
