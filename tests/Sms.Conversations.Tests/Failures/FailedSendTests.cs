using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Sms.Contracts.Outbound;
using Sms.Conversations.Failures;
using Sms.Conversations.Http;
using Sms.Conversations.Tests.Support;

namespace Sms.Conversations.Tests.Failures;

/// <summary>
/// Sends that ended failed in the failed-messages view: grouped by the carrier's error code, replayed as the same
/// <see cref="SendSms"/> (same message id, so Outbound's claim on it applies), once however often the replay is asked
/// for, and marked when they fail again after it. The service on a test bus with the real PostgreSQL.
/// </summary>
public sealed class FailedSendTests
{
    private InboxService inbox = null!;
    private HttpClient admin = null!;

    [SetUp]
    public async Task StartAsync()
    {
        inbox = await InboxService.StartAsync();
        admin = await inbox.SignedInClientAsync(inbox.Admin, InboxService.AdminPassword);
    }

    [TearDown]
    public async Task StopAsync()
    {
        admin.Dispose();
        await inbox.DisposeAsync();
    }

    [Test]
    public async Task A_failed_send_is_grouped_by_carrier_code_and_a_replay_asked_twice_publishes_the_same_send_once()
    {
        var events = Events.ForNewCustomer();
        var request = events.Request("Your table for two is booked for 19:30.");
        await FailAsync(events, request, "21612");
        var item = await ItemAsync(request.MessageId);

        var first = await ReplayAsync(new { ids = new[] { item!.Id } });
        var second = await ReplayAsync(new { ids = new[] { item.Id } });

        var published = await PublishedSendsAsync(request.MessageId, expected: 1);
        var stored = (await inbox.Queries.GetThreadAsync(events.Customer, CancellationToken.None)).Single();
        Assert.Multiple(async () =>
        {
            Assert.That(item.Cause, Is.EqualTo("carrier error 21612"));
            Assert.That(item.Sample, Does.Not.Contain(events.Customer));
            Assert.That((first.Applied, second.Applied, second.Skipped), Is.EqualTo((1, 0, 1)), "the second finds it on its way");
            Assert.That(published, Has.Count.EqualTo(1));
            Assert.That(published.Single(), Is.EqualTo(request with { RequestedAt = published.Single().RequestedAt }), "the same send: same id, text and sender");
            Assert.That(stored.Status, Is.EqualTo("pending"));
            Assert.That(await ItemAsync(request.MessageId, wait: false), Is.Null, "out of the view while on its way");
        });

        // The replay went out: a third replay finds it sent.
        await inbox.Bus.Bus.Publish(events.Sent(request, DateTimeOffset.UtcNow));
        await WaitForStatusAsync(events, "sent");
        var third = await ReplayAsync(new { ids = new[] { item.Id } });
        Assert.That(third.Applied, Is.EqualTo(0));
        Assert.That(await PublishedSendsAsync(request.MessageId, expected: 1), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_send_that_fails_again_after_a_replay_is_marked_and_left_out_of_its_groups_replay()
    {
        var events = Events.ForNewCustomer();
        var request = events.Request("Reminder: dentist on Friday at 10:00.");
        var code = $"9{Random.Shared.Next(100_000, 999_999)}";
        await FailAsync(events, request, code);
        var item = await ItemAsync(request.MessageId);
        await ReplayAsync(new { ids = new[] { item!.Id } });
        await PublishedSendsAsync(request.MessageId, expected: 1);

        await FailAsync(events, request, code);
        var again = await ItemAsync(request.MessageId);
        var groupReplay = await ReplayAsync(new { group = FailureGroups.KeyOf(FailureKind.Send, again!.Cause) });

        Assert.Multiple(async () =>
        {
            Assert.That(again.FailedAfterReplay, Is.True);
            Assert.That(again.ReplayCount, Is.EqualTo(1));
            Assert.That(groupReplay.Applied, Is.EqualTo(0));
            Assert.That(await PublishedSendsAsync(request.MessageId, expected: 1), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_discarded_send_leaves_the_view_stays_failed_in_its_thread_and_cannot_be_replayed()
    {
        var events = Events.ForNewCustomer();
        var request = events.Request("Your parcel could not be delivered.");
        await FailAsync(events, request, "7");
        var item = await ItemAsync(request.MessageId);

        using var discard = await admin.PostAsJsonAsync("/v1/failures/discard", new { ids = new[] { item!.Id }, reason = "Customer called instead" });
        var replay = await ReplayAsync(new { ids = new[] { item.Id } });

        Assert.Multiple(async () =>
        {
            Assert.That(discard.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(replay.Applied, Is.EqualTo(0));
            Assert.That(await ItemAsync(request.MessageId, wait: false), Is.Null);
            Assert.That((await inbox.Queries.GetThreadAsync(events.Customer, CancellationToken.None)).Single().Status, Is.EqualTo("failed"));
        });
    }

    private async Task FailAsync(Events events, SendSms request, string code)
    {
        await inbox.Bus.Bus.Publish(new SmsSendFailed
        {
            Request = request, Provider = "twilio", ErrorCode = code, Reason = "Refused by the carrier", Retryable = false, FailedAt = DateTimeOffset.UtcNow,
        });
        await WaitForStatusAsync(events, "failed");
    }

    private async Task WaitForStatusAsync(Events events, string status)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while ((await inbox.Queries.GetThreadAsync(events.Customer, CancellationToken.None)).SingleOrDefault()?.Status != status)
        {
            Assert.That(DateTimeOffset.UtcNow, Is.LessThan(deadline), $"the send never became {status}");
            await Task.Delay(50);
        }
    }

    private async Task<FailureItem?> ItemAsync(Guid messageId, bool wait = true)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (true)
        {
            var items = await admin.GetFromJsonAsync<List<FailureItem>>("/v1/failures/items");
            if (items!.SingleOrDefault(i => i.Id == $"send:{messageId}") is { } item && (!wait || item.FailedAfterReplay || item.ReplayCount == 0))
                return item;
            if (!wait) return null;
            Assert.That(DateTimeOffset.UtcNow, Is.LessThan(deadline), "the failed send never showed in the view");
            await Task.Delay(50);
        }
    }

    private async Task<FailureActionResult> ReplayAsync(object body)
    {
        using var response = await admin.PostAsJsonAsync("/v1/failures/replay", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<FailureActionResult>())!;
    }

    /// <summary>The <see cref="SendSms"/> the outbox published for the id, once <paramref name="expected"/> are there and a moment has passed.</summary>
    private async Task<List<SendSms>> PublishedSendsAsync(Guid messageId, int expected)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        List<SendSms> Sends() => inbox.Bus.Published.Select<SendSms>().Select(m => m.Context.Message).Where(m => m.MessageId == messageId).ToList();
        while (Sends().Count < expected && DateTimeOffset.UtcNow < deadline)
            await Task.Delay(50);
        await Task.Delay(700); // the outbox publishes every few hundred milliseconds: a second one would be out by now
        return Sends();
    }
}
