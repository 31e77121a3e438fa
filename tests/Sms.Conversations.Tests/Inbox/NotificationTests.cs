using System.Collections.Concurrent;
using System.Text.Json;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
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
        var urgent = Escalation(EscalationPriority.Urgent);
        var normal1 = Escalation(EscalationPriority.Normal);
        var normal2 = Escalation(EscalationPriority.Normal);

        await PublishAsync(normal1);
        await PublishAsync(normal2);
        await PublishAsync(urgent);
        await PublishAsync(urgent); // redelivered: still one notification

        // The urgent one takes the waiting normal ones along in its post; so check with fresh normal ones after it.
        var first = await NextPostAsync(TimeSpan.FromSeconds(3));
        Assert.That(first, Does.Contain("3 conversations need a person").And.Contain("urgent escalation"));
        var urgentConversation = await Service.Queries.ConversationIdAsync(urgent.CustomerNumber, urgent.BusinessNumber, CancellationToken.None);
        Assert.That(first, Does.Contain($"<https://sms.example.com/inbox/#{urgentConversation:D}|open in the inbox>"), "each line links to its conversation");

        var normal3 = Escalation(EscalationPriority.Normal);
        var normal4 = Escalation(EscalationPriority.Normal);
        var queuedAt = DateTimeOffset.UtcNow;
        await PublishAsync(normal3);
        await PublishAsync(normal4);
        Assert.That(await NextPostAsync(TimeSpan.FromSeconds(3)), Is.Null, "normal ones wait for the batch period");
        var batch = await NextPostAsync(TimeSpan.FromSeconds(10));

        Assert.That(batch, Does.StartWith("2 conversations need a person"));
        Assert.That(DateTimeOffset.UtcNow - queuedAt, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(5.5)));
        Assert.That(batch, Does.Not.Contain(normal3.CustomerNumber), "no full phone number");
        Assert.That(await NextPostAsync(TimeSpan.FromSeconds(1)), Is.Null, "each sent once");
    }

    /// <summary>Publishes on the harness and waits until the consumer stored the escalation.</summary>
    private async Task PublishAsync(ConversationEscalated escalated)
    {
        await Service.Factory.Services.GetRequiredService<ITestHarness>().Bus.Publish(escalated);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while ((await Service.Queries.ListConversationsAsync(new Sms.Conversations.Http.ConversationListQuery(null, 1, null) { Search = escalated.CustomerNumber }, CancellationToken.None)).Count == 0)
        {
            Assert.That(DateTimeOffset.UtcNow, Is.LessThan(deadline), "the escalation was not consumed");
            await Task.Delay(20);
        }
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

    private static ConversationEscalated Escalation(EscalationPriority priority)
    {
        var events = Events.ForNewCustomer();
        return new ConversationEscalated
        {
            InboundMessageId = Guid.NewGuid(), CustomerNumber = events.Customer, BusinessNumber = events.Business,
            Reason = EscalationReason.HumanRequested, Priority = priority, EscalatedAt = DateTimeOffset.UtcNow,
        };
    }
}
