using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using MassTransit;
using Sms.Conversations.Data;
using Sms.Conversations.Failures;
using Sms.Conversations.Http;
using Sms.Conversations.Tests.Support;
using Sms.Testing;

namespace Sms.Conversations.Tests.Failures;

/// <summary>A message of the tests' own, handled by <see cref="ProbeConsumer"/> on a queue of each test's own.</summary>
public sealed record FailureProbe
{
    public required Guid Id { get; init; }
    public required string Customer { get; init; }
    public required int Order { get; init; }
    public bool Poison { get; init; }
}

/// <summary>
/// The failed-messages view against the real RabbitMQ and PostgreSQL: a consumer that throws puts its message in its
/// <c>_error</c> queue, the collector drains it into the view, grouped by cause, and an admin replays or discards it.
/// </summary>
public sealed class FailedMessagesTests
{
    private readonly ProbeState probes = new();
    private string queue = null!;
    private string word = null!;
    private IBusControl bus = null!;
    private InboxService inbox = null!;
    private HttpClient admin = null!;

    [SetUp]
    public async Task StartAsync()
    {
        // A cause of this test's own: its exception message has a word no other test's has (numbers are normalised away).
        word = new string(Guid.NewGuid().ToString("N")[..10].Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))).ToArray());
        queue = $"conversations-failure-probe-{word}";
        var rabbit = (await Servers.GetAsync()).RabbitMq;
        bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(rabbit.Host, (ushort)rabbit.Port, rabbit.VirtualHost, h =>
            {
                h.Username(rabbit.Username);
                h.Password(rabbit.Password);
            });
            // No retry: a failure goes to the _error queue at once, as after a service's last retry.
            cfg.ReceiveEndpoint(queue, e => e.Consumer(() => new ProbeConsumer(probes, word)));
        });
        await bus.StartAsync();
        inbox = await InboxService.StartAsync(new Dictionary<string, string>
        {
            ["Failures:CollectorEnabled"] = "true",
            ["Failures:CollectInterval"] = "00:00:00.200",
            ["Failures:ExtraQueues:0"] = queue,
        });
        admin = await inbox.SignedInClientAsync(inbox.Admin, InboxService.AdminPassword);
    }

    [TearDown]
    public async Task StopAsync()
    {
        admin.Dispose();
        await inbox.DisposeAsync();
        await bus.StopAsync();
        // The test's own queues and exchanges go, so the test broker does not collect one pair per run.
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var name in new[] { queue, ErrorQueue })
        {
            await channel.QueueDeleteAsync(name, ifUnused: false, ifEmpty: false);
            await channel.ExchangeDeleteAsync(name);
        }
    }

    [Test]
    public async Task Two_failures_of_one_cause_show_as_one_group_with_a_masked_sample_and_a_group_replay_delivers_each_once()
    {
        var first = await SendProbeAsync(order: 1001, "+447700900111");
        var second = await SendProbeAsync(order: 2002, "+447700900222");
        var items = await CollectedAsync(2);

        var group = (await GroupsAsync()).Single(g => g.Sources.Contains(ErrorQueue));
        Assert.Multiple(() =>
        {
            Assert.That(group.Kind, Is.EqualTo(FailureKind.Message));
            Assert.That(group.Count, Is.EqualTo(2));
            Assert.That(group.Cause, Is.EqualTo($"System.InvalidOperationException: Probe {word} order {{n}} for {{phone}} could not be handled"));
            Assert.That(group.FirstSeen, Is.LessThanOrEqualTo(group.LastSeen));
            Assert.That(group.Sample.Sample, Does.Not.Contain("+447700900111").And.Not.Contain("+447700900222"));
            Assert.That(group.Sample.Sample, Does.Contain("+44********11").Or.Contain("+44********22"));
            Assert.That(items.Select(i => i.MessageType), Has.All.EqualTo(typeof(FailureProbe).FullName));
        });

        probes.Healthy = true;
        var replayed = await PostAsync<FailureActionResult>("/v1/failures/replay", new { group = group.Key });

        Assert.That(replayed.Applied, Is.EqualTo(2));
        await WaitUntilAsync(() => probes.Handled.Count == 2, "both replayed messages handled");
        await Task.Delay(500);
        Assert.Multiple(async () =>
        {
            Assert.That(probes.Received(first), Is.EqualTo(2), "the failed delivery and one replay");
            Assert.That(probes.Received(second), Is.EqualTo(2));
            Assert.That(probes.Handled.Keys, Is.EquivalentTo(new[] { first, second }), "replayed with their own message ids");
            Assert.That(await ItemsAsync(), Is.Empty, "replayed failures leave the view");
            var actions = await admin.GetFromJsonAsync<List<FailureActionRow>>($"/v1/failures/actions?item={items[0].Id}");
            Assert.That(actions!.Single().Action, Is.EqualTo("replay"));
            Assert.That(actions!.Single().Actor, Is.EqualTo(inbox.Admin));
        });
    }

    [Test]
    public async Task A_poison_message_replayed_comes_back_once_marked_and_replay_all_leaves_it_alone()
    {
        var poison = await SendProbeAsync(order: 7, "+447700900333", poison: true);
        var item = (await CollectedAsync(1)).Single();

        var replayed = await PostAsync<FailureActionResult>("/v1/failures/replay", new { ids = new[] { item.Id } });
        Assert.That(replayed.Applied, Is.EqualTo(1));
        var back = await WaitForAsync(async () => (await ItemsAsync()).SingleOrDefault(i => i.FailedAfterReplay), "the poison message back in the view");

        var all = await PostAsync<FailureActionResult>("/v1/failures/replay", new { all = true });
        await Task.Delay(1_000);

        Assert.Multiple(async () =>
        {
            Assert.That(back!.Id, Is.EqualTo(item.Id), "the same failure, not a new one");
            Assert.That(back.ReplayCount, Is.EqualTo(1));
            Assert.That(back.Occurrences, Is.EqualTo(2));
            Assert.That(probes.Received(poison), Is.EqualTo(2), "delivered once, replayed once, not replayed by replay all");
            Assert.That((await ItemsAsync()).Single().ReplayCount, Is.EqualTo(1));
            var group = (await GroupsAsync()).Single(g => g.Sources.Contains(ErrorQueue));
            Assert.That(group.FailedAfterReplay, Is.EqualTo(1));
        });
        Assert.That(all.Applied, Is.GreaterThanOrEqualTo(0));
    }

    [Test]
    public async Task A_discard_needs_a_reason_and_records_it_with_who_and_when()
    {
        await SendProbeAsync(order: 3, "+447700900444");
        var item = (await CollectedAsync(1)).Single();
        var before = DateTime.UtcNow.AddSeconds(-5);

        using var refused = await admin.PostAsJsonAsync("/v1/failures/discard", new { ids = new[] { item.Id } });
        var discarded = await PostAsync<FailureActionResult>("/v1/failures/discard", new { ids = new[] { item.Id }, reason = "Test order, cancelled upstream" });

        var action = (await admin.GetFromJsonAsync<List<FailureActionRow>>($"/v1/failures/actions?item={item.Id}"))!.Single();
        Assert.Multiple(async () =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(discarded.Applied, Is.EqualTo(1));
            Assert.That(await ItemsAsync(), Is.Empty);
            Assert.That(action.Action, Is.EqualTo("discard"));
            Assert.That(action.Reason, Is.EqualTo("Test order, cancelled upstream"));
            Assert.That(action.Actor, Is.EqualTo(inbox.Admin));
            Assert.That(action.At, Is.GreaterThan(before));
        });
    }

    [Test]
    public async Task A_replay_the_broker_refuses_leaves_the_failure_open_as_it_was()
    {
        await SendProbeAsync(order: 5, "+447700900555");
        var item = (await CollectedAsync(1)).Single();
        await bus.StopAsync();
        await using (var connection = await ConnectAsync())
        await using (var channel = await connection.CreateChannelAsync())
            await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false); // its service is gone: nothing routes to it any more

        var replayed = await PostAsync<FailureActionResult>("/v1/failures/replay", new { ids = new[] { item.Id } });

        var after = (await ItemsAsync()).Single();
        Assert.Multiple(async () =>
        {
            Assert.That((replayed.Applied, replayed.Failed), Is.EqualTo((0, 1)));
            Assert.That(after.ReplayCount, Is.EqualTo(0));
            Assert.That(after.FailedAfterReplay, Is.False);
            Assert.That(await admin.GetFromJsonAsync<List<FailureActionRow>>($"/v1/failures/actions?item={item.Id}"), Is.Empty, "nothing was done");
        });
    }

    [Test]
    public async Task An_item_named_with_a_character_no_text_may_hold_is_answered_400_not_500()
    {
        // What the fuzzer sent (seed 908957770): a NUL in ?item=, which PostgreSQL refuses in text.
        using var response = await admin.GetAsync("/v1/failures/actions?item=a%00b");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("item"));
    }

    [Test]
    public async Task The_view_is_for_admins_only()
    {
        var agent = await inbox.CreateAgentAsync();
        using var client = await inbox.SignedInClientAsync(agent, "agent-password-1");

        using var list = await client.GetAsync("/v1/failures");
        using var replay = await client.PostAsJsonAsync("/v1/failures/replay", new { all = true });

        Assert.That(new[] { list.StatusCode, replay.StatusCode }, Has.All.EqualTo(HttpStatusCode.Forbidden));
    }

    private string ErrorQueue => queue + FailedMessage.ErrorSuffix;

    private static async Task<RabbitMQ.Client.IConnection> ConnectAsync()
    {
        var rabbit = (await Servers.GetAsync()).RabbitMq;
        return await new RabbitMQ.Client.ConnectionFactory
        {
            HostName = rabbit.Host, Port = rabbit.Port, VirtualHost = rabbit.VirtualHost, UserName = rabbit.Username, Password = rabbit.Password,
        }.CreateConnectionAsync();
    }

    private async Task<Guid> SendProbeAsync(int order, string customer, bool poison = false)
    {
        var id = NewId.NextGuid();
        var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{queue}"));
        await endpoint.Send(new FailureProbe { Id = id, Customer = customer, Order = order, Poison = poison }, c => c.MessageId = id);
        return id;
    }

    private async Task<List<FailureItem>> CollectedAsync(int count) =>
        (await WaitForAsync(async () => await ItemsAsync() is { } items && items.Count == count ? items : null, $"{count} failure(s) collected"))!;

    private async Task<List<FailureItem>> ItemsAsync() =>
        (await admin.GetFromJsonAsync<List<FailureItem>>("/v1/failures/items"))!.Where(i => i.Source == ErrorQueue).ToList();

    private async Task<IReadOnlyList<FailureGroup>> GroupsAsync() =>
        (await admin.GetFromJsonAsync<FailureGroupsView>("/v1/failures"))!.Groups;

    private async Task<T> PostAsync<T>(string path, object body)
    {
        using var response = await admin.PostAsJsonAsync(path, body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    private static async Task<T?> WaitForAsync<T>(Func<Task<T?>> probe, string what) where T : class
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        while (true)
        {
            if (await probe() is { } found) return found;
            Assert.That(DateTimeOffset.UtcNow, Is.LessThan(deadline), $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) =>
        WaitForAsync(() => Task.FromResult(condition() ? "" : null), what);

    /// <summary>What the probe consumer saw: deliveries per message id, and which it handled without throwing.</summary>
    private sealed class ProbeState
    {
        public ConcurrentDictionary<Guid, int> Deliveries { get; } = new();
        public ConcurrentDictionary<Guid, bool> Handled { get; } = new();
        public volatile bool Healthy;

        public int Received(Guid id) => Deliveries.GetValueOrDefault(id);
    }

    /// <summary>Fails every probe until <see cref="ProbeState.Healthy"/>, and a poison one always.</summary>
    private sealed class ProbeConsumer(ProbeState state, string word) : IConsumer<FailureProbe>
    {
        public Task Consume(ConsumeContext<FailureProbe> context)
        {
            var id = context.MessageId!.Value;
            state.Deliveries.AddOrUpdate(id, 1, (_, n) => n + 1);
            if (context.Message.Poison || !state.Healthy)
                throw new InvalidOperationException($"Probe {word} order {context.Message.Order} for {context.Message.Customer} could not be handled");
            state.Handled[id] = true;
            return Task.CompletedTask;
        }
    }
}
