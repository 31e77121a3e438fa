using System.Collections.Concurrent;
using System.Text.Json;
using Sms.Contracts.Routing;
using Sms.Conversations.Tests.Support;
using Sms.Testing;

namespace Sms.Conversations.Tests.Inbox;

/// <summary>Escalation webhooks against a real local HTTP server: urgent at once, the rest batched.</summary>
public sealed class NotificationTests : InboxServiceTest
{
    private readonly ConcurrentQueue<string> _posts = new();
    private readonly string _rule = "test-" + Guid.NewGuid().ToString("N")[..8];
    private LocalHttpServer _webhook = null!;

    protected override async Task StartPeersAsync()
    {
        _webhook = await LocalHttpServer.StartAsync(async context =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            _posts.Enqueue(body.RootElement.GetProperty("text").GetString()!);
            context.Response.StatusCode = 200;
        });
    }

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        // Long enough that the three escalations below are queued well inside one batch period on a slow machine.
        ["Inbox:Notifications:BatchSeconds"] = "6",
        ["Inbox:Notifications:PollMilliseconds"] = "100",
        ["Inbox:Notifications:Rules:0:Name"] = _rule,
        ["Inbox:Notifications:Rules:0:Url"] = _webhook.Url("/hook"),
        ["Inbox:Notifications:Rules:0:MinimumPriority"] = "normal",
        ["Inbox:Notifications:InboxUrl"] = "https://sms.example.com/inbox/",
    };

    protected override ValueTask StopPeersAsync() => _webhook.DisposeAsync();

    [Test]
    public async Task An_urgent_escalation_is_posted_at_once_and_normal_ones_together_after_the_batch_period()
    {
        var urgent = Events.NewEscalation(EscalationPriority.Urgent);
        var normal1 = Events.NewEscalation(EscalationPriority.Normal);
        var normal2 = Events.NewEscalation(EscalationPriority.Normal);

        await Service.PublishEscalationAsync(normal1);
        await Service.PublishEscalationAsync(normal2);
        await Service.PublishEscalationAsync(urgent);
        await Service.PublishEscalationAsync(urgent); // redelivered: still one notification

        // The urgent one takes the waiting normal ones along in its post; so check with fresh normal ones after it.
        var first = await NextPostAsync(TimeSpan.FromSeconds(3));
        Assert.That(first, Does.Contain("3 conversations need a person").And.Contain("urgent escalation"));
        var urgentConversation = await Service.Queries.ConversationIdAsync(urgent.CustomerNumber, urgent.BusinessNumber, CancellationToken.None);
        Assert.That(first, Does.Contain($"<https://sms.example.com/inbox/#{urgentConversation:D}|open in the inbox>"), "each line links to its conversation");

        var normal3 = Events.NewEscalation(EscalationPriority.Normal);
        var normal4 = Events.NewEscalation(EscalationPriority.Normal);
        var queuedAt = DateTimeOffset.UtcNow;
        await Service.PublishEscalationAsync(normal3);
        await Service.PublishEscalationAsync(normal4);
        Assert.That(await NextPostAsync(TimeSpan.FromSeconds(3)), Is.Null, "normal ones wait for the batch period");
        var batch = await NextPostAsync(TimeSpan.FromSeconds(10));

        Assert.That(batch, Does.StartWith("2 conversations need a person"));
        Assert.That(DateTimeOffset.UtcNow - queuedAt, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(5.5)));
        Assert.That(batch, Does.Not.Contain(normal3.CustomerNumber), "no full phone number");
        Assert.That(await NextPostAsync(TimeSpan.FromSeconds(1)), Is.Null, "each sent once");
    }

    private async Task<string?> NextPostAsync(TimeSpan within)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (_posts.TryDequeue(out var post))
                return post;
            await Task.Delay(50);
        }
        return null;
    }

}
