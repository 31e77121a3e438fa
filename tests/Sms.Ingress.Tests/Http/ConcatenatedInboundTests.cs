using System.Globalization;
using System.Net;
using Sms.Contracts.Inbound;
using Sms.Ingress.Tests.Support;
using Sms.ServiceDefaults.Messaging;
using StackExchange.Redis;

namespace Sms.Ingress.Tests.Http;

/// <summary>
/// The SMS API delivers a long message as one webhook per part (<c>concat</c>, <c>concat-ref</c>, <c>concat-total</c>,
/// <c>concat-part</c>), in any order and possibly more than once. The ingress joins them into one
/// <see cref="InboundSmsReceived"/>, keeping the parts in the real Redis so any instance can complete a message, and
/// sends what it has on, marked incomplete, when the rest does not arrive in time.
/// </summary>
public sealed class ConcatenatedInboundTests : IngressTest
{
    private const string Path = "/webhooks/vonage/inbound";
    private const string Customer = "447700900601";
    private const string Ours = "447700900000";

    private static readonly string[] Texts = ["Hi, I cannot make it on Tuesday because ", "my daughter is ill. Could we move the ", "appointment to Friday?"];
    private const string Whole = "Hi, I cannot make it on Tuesday because my daughter is ill. Could we move the appointment to Friday?";

    private static Dictionary<string, string> Part(int part, string reference = "77", int total = 3, string from = Customer, string? text = null) => new()
    {
        ["msisdn"] = from,
        ["to"] = Ours,
        ["messageId"] = $"0C{reference}{from[^4..]}{part:D4}",
        ["text"] = text ?? Texts[part - 1],
        ["type"] = "text",
        ["concat"] = "true",
        ["concat-ref"] = reference,
        ["concat-total"] = total.ToString(CultureInfo.InvariantCulture),
        ["concat-part"] = part.ToString(CultureInfo.InvariantCulture),
        ["message-timestamp"] = "2025-03-01 09:59:58",
    };

    private static async Task<HttpStatusCode> SendAsync(IngressApplication application, HttpClient client, Dictionary<string, string> parameters)
    {
        using var response = await client.SendAsync(Path, WebhookEncoding.Form, application.Sign(parameters));
        return response.StatusCode;
    }

    /// <summary>Waits (up to 15 s) until the timeout service has published <paramref name="count"/> messages.</summary>
    private static async Task<List<InboundSmsReceived>> PublishedEventuallyAsync(IngressApplication application, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        List<InboundSmsReceived> published;
        while ((published = application.Published<InboundSmsReceived>()).Count < count && DateTime.UtcNow < deadline) await Task.Delay(100);
        return published;
    }

    private static string HashKey(IngressApplication application, string reference = "77", string from = Customer) =>
        $"{application.RedisKeyPrefix}concat:vonage:+{from}:+{Ours}:{reference}";

    [Test]
    public async Task A_three_part_message_in_scrambled_order_yields_one_message()
    {
        var statuses = new List<HttpStatusCode>();
        foreach (var part in new[] { 3, 1, 2 })
            statuses.Add(await SendAsync(Application, Client, Part(part)));

        var published = Application.Published<InboundSmsReceived>();
        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.NoContent));
        Assert.That(published, Has.Count.EqualTo(1));
        var message = published[0];
        var ids = new[] { 1, 2, 3 }.Select(n => Part(n)["messageId"]).ToList();
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(message.Text, Is.EqualTo(Whole), "parts joined in part order, spaces at part ends kept");
            Assert.That(message.From, Is.EqualTo("+" + Customer));
            Assert.That(message.To, Is.EqualTo("+" + Ours));
            Assert.That(message.Incomplete, Is.False);
            Assert.That(message.PartCount, Is.EqualTo(3));
            Assert.That(message.ExpectedPartCount, Is.EqualTo(3));
            Assert.That(message.ProviderPartIds, Is.EqualTo(ids));
            Assert.That(message.ProviderMessageId, Is.EqualTo("concat:" + string.Join(",", ids)));
            Assert.That(message.MessageId, Is.EqualTo(MessageIds.FromProvider("vonage", message.ProviderMessageId)));
            Assert.That(await Application.Redis.KeyExistsAsync(HashKey(Application)), Is.False, "the parts are removed once published");
        });
    }

    [Test]
    public async Task Duplicated_parts_are_ignored_before_and_after_the_message_completes()
    {
        var statuses = new List<HttpStatusCode>();
        foreach (var part in new[] { 2, 2, 1, 2, 1, 3, 3, 1, 2 })
            statuses.Add(await SendAsync(Application, Client, Part(part)));

        var published = Application.Published<InboundSmsReceived>();
        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.NoContent));
            Assert.That(published.Select(m => m.Text), Is.EqualTo(new[] { Whole }));
        });
    }

    [Test]
    public async Task Parts_received_by_different_ingress_instances_make_one_message()
    {
        var first = Ingress();
        var second = Ingress(new Dictionary<string, string?> { ["Ingress:RedisKeyPrefix"] = first.RedisKeyPrefix });
        using var firstClient = first.CreateClient();
        using var secondClient = second.CreateClient();

        var one = await SendAsync(first, firstClient, Part(1));
        var three = await SendAsync(second, secondClient, Part(3));
        var two = await SendAsync(first, firstClient, Part(2));

        Assert.Multiple(() =>
        {
            Assert.That(new[] { one, two, three }, Is.All.EqualTo(HttpStatusCode.NoContent));
            Assert.That(first.Published<InboundSmsReceived>().Select(m => m.Text), Is.EqualTo(new[] { Whole }), "the instance that got the last part publishes");
            Assert.That(second.Published<InboundSmsReceived>(), Is.Empty);
        });
    }

    [Test]
    public async Task Interleaved_messages_are_told_apart_by_sender_and_reference()
    {
        const string other = "447700900602";

        await SendAsync(Application, Client, Part(1, reference: "5", total: 2, text: "first A "));
        await SendAsync(Application, Client, Part(1, reference: "6", total: 2, text: "first B "));
        await SendAsync(Application, Client, Part(1, reference: "5", total: 2, from: other, text: "other A "));
        await SendAsync(Application, Client, Part(2, reference: "6", total: 2, text: "second B"));
        await SendAsync(Application, Client, Part(2, reference: "5", total: 2, text: "second A"));
        await SendAsync(Application, Client, Part(2, reference: "5", total: 2, from: other, text: "other second"));

        Assert.That(Application.Published<InboundSmsReceived>().Select(m => (m.From, m.Text)), Is.EqualTo(new[]
        {
            ("+" + Customer, "first B second B"), ("+" + Customer, "first A second A"), ("+" + other, "other A other second"),
        }));
    }

    [Test]
    public async Task Parts_stay_in_Redis_with_their_deadline_until_the_message_is_complete()
    {
        await SendAsync(Application, Client, Part(2));

        var db = Application.Redis;
        var key = HashKey(Application);
        var deadline = await db.SortedSetScoreAsync($"{Application.RedisKeyPrefix}concat:pending", key);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(Application.Published<InboundSmsReceived>(), Is.Empty);
            Assert.That((string?)await db.HashGetAsync(key, "p:2"), Does.Contain(Part(2)["messageId"]));
            Assert.That(deadline, Is.EqualTo(Application.Clock.GetUtcNow().AddSeconds(60).ToUnixTimeMilliseconds()), "the default timeout is 60 s");
            Assert.That(await db.KeyTimeToLiveAsync(key), Is.GreaterThan(TimeSpan.FromHours(47)), "removed when published, not by expiry");
        });
    }

    [Test]
    public async Task After_the_timeout_the_parts_so_far_go_on_marked_incomplete_and_a_late_part_is_not_dropped()
    {
        await SendAsync(Application, Client, Part(3));
        await SendAsync(Application, Client, Part(1));
        Application.Clock.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(500); // several polls: nothing is due yet
        var beforeTimeout = Application.Published<InboundSmsReceived>().Count;
        Application.Clock.Advance(TimeSpan.FromSeconds(2));

        var published = await PublishedEventuallyAsync(Application, 1);
        Assert.That(beforeTimeout, Is.Zero);
        Assert.That(published, Has.Count.EqualTo(1));
        var incomplete = published[0];
        Assert.Multiple(() =>
        {
            Assert.That(incomplete.Incomplete, Is.True);
            Assert.That(incomplete.Text, Is.EqualTo((Texts[0] + Texts[2]).Trim()));
            Assert.That(incomplete.PartCount, Is.EqualTo(2));
            Assert.That(incomplete.ExpectedPartCount, Is.EqualTo(3));
            Assert.That(incomplete.ProviderPartIds, Is.EqualTo(new[] { Part(1)["messageId"], Part(3)["messageId"] }));
        });

        // The missing part turns up late: it is acknowledged, kept, and goes on too.
        var late = await SendAsync(Application, Client, Part(2));
        Application.Clock.Advance(TimeSpan.FromSeconds(61));
        published = await PublishedEventuallyAsync(Application, 2);
        Assert.Multiple(() =>
        {
            Assert.That(late, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(published, Has.Count.EqualTo(2));
            Assert.That(published[^1].Text, Is.EqualTo(Texts[1].Trim()));
            Assert.That(published[^1].Incomplete, Is.True);
            Assert.That(published[^1].ProviderPartIds, Is.EqualTo(new[] { Part(2)["messageId"] }));
        });

        // And retries of the parts already sent on are duplicates.
        var retries = new[] { await SendAsync(Application, Client, Part(1)), await SendAsync(Application, Client, Part(2)) };
        Application.Clock.Advance(TimeSpan.FromSeconds(61));
        await Task.Delay(500);
        Assert.Multiple(() =>
        {
            Assert.That(retries, Is.All.EqualTo(HttpStatusCode.NoContent));
            Assert.That(Application.Published<InboundSmsReceived>(), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task An_incomplete_message_the_broker_refuses_at_the_timeout_is_kept_and_published_later()
    {
        var refuse = 1;
        var application = IngressWithBroker(_ => Volatile.Read(ref refuse) == 1 ? Refuse() : Task.CompletedTask, "00:00:00.500");
        using var client = application.CreateClient();
        var db = application.Redis;

        await SendAsync(application, client, Part(1));
        application.Clock.Advance(TimeSpan.FromSeconds(61));
        // Wait until the timeout service has tried and failed: the deadline moves on by its retry delay.
        var pending = $"{application.RedisKeyPrefix}concat:pending";
        var firstDeadline = application.Clock.GetUtcNow().AddSeconds(-1).ToUnixTimeMilliseconds();
        var until = DateTime.UtcNow.AddSeconds(15);
        while ((await db.SortedSetScoreAsync(pending, HashKey(application)) ?? 0) <= firstDeadline && DateTime.UtcNow < until)
            await Task.Delay(100);
        var keptWhileRefused = await db.HashExistsAsync(HashKey(application), "p:1");
        var publishedWhileRefused = application.Published<InboundSmsReceived>().Count;

        Volatile.Write(ref refuse, 0);
        application.Clock.Advance(TimeSpan.FromSeconds(6));
        var published = await PublishedEventuallyAsync(application, 1);

        Assert.Multiple(() =>
        {
            Assert.That(keptWhileRefused, Is.True);
            Assert.That(publishedWhileRefused, Is.Zero);
            Assert.That(published.Select(m => (m.Text, m.Incomplete)), Is.EqualTo(new[] { (Texts[0].Trim(), true) }));
        });
    }

    [Test]
    public async Task A_new_part_arriving_while_its_message_is_being_published_is_answered_503_and_a_stored_one_204()
    {
        await SendAsync(Application, Client, Part(1));
        // Another instance holds the seal: it is publishing the message from the parts it read.
        await Application.Redis.HashSetAsync(HashKey(Application), "sealed",
            Application.Clock.GetUtcNow().AddMinutes(10).ToUnixTimeMilliseconds());

        var newPart = await SendAsync(Application, Client, Part(2));
        var storedPart = await SendAsync(Application, Client, Part(1));

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(newPart, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "not added to a message already read: Vonage retries it");
            Assert.That(storedPart, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(await Application.Redis.HashExistsAsync(HashKey(Application), "p:2"), Is.False);
            Assert.That(Application.Published<InboundSmsReceived>(), Is.Empty);
        });
    }
}
