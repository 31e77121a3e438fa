using Sms.Contracts.Routing;

namespace Sms.EndToEnd.Tests;

/// <summary>A configured flow (the router's shipped post-purchase feedback) run through the whole platform.</summary>
[TestFixture]
public sealed class FlowTests : PlatformTests
{
    private const string Rating = "How was your order? Reply 1-5 (5 = excellent).";
    private const string Comments = "Thanks. What could we have done better? Reply with your comments.";
    private const string Thanks = "Thank you for your comments. We read every one.";

    private Task WaitForOpenSessionAsync(string what) => Eventually.MatchesAsync(() => OpenSessionCountAsync(Customer), n => n == 1, what);

    [Test]
    public async Task A_flow_started_on_the_bus_asks_reaches_the_customer_and_follows_the_replies()
    {
        var runId = Guid.NewGuid();

        await Platform.Bus.Publish(new StartFlow
        {
            FlowRunId = runId,
            FlowName = "post_purchase_feedback",
            CustomerNumber = Customer,
            Context = new Dictionary<string, string> { ["order_id"] = "ORD-E2E-1" },
            RequestedAt = DateTimeOffset.UtcNow,
        });

        var first = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(Customer), m => m.Count == 1, "The flow's first prompt reaching the carrier");
        Assert.That(first[0].Text, Is.EqualTo(Rating));
        await WaitForOpenSessionAsync("The rating step's session being stored");

        Assert.That(await CustomerRepliesAsync(Customer, "3"), Is.EqualTo(204));
        var second = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(Customer), m => m.Count == 2, "The next step's prompt reaching the carrier");
        Assert.That(second[1].Text, Is.EqualTo(Comments));
        await WaitForOpenSessionAsync("The comments step's session being stored");

        Assert.That(await CustomerRepliesAsync(Customer, "The parcel came two days late"), Is.EqualTo(204));
        var third = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(Customer), m => m.Count == 3, "The thanks reaching the carrier");

        var classified = await Eventually.MatchesAsync(
            () => Task.FromResult(Platform.Events.OfType<ReplyClassified>(e => e.CustomerNumber == Customer)),
            e => e.Count == 2, "Both replies being classified");
        // Rating 3 labels the contact; two answered steps (8 each) and the completed flow (15) add up in the inbox.
        var profile = await Eventually.MatchesAsync(
            () => ContactProfileAsync(Customer), p => p is { EngagementScore: 8 + 8 + 15 }, "The flow's labels and points reaching the contact in Conversations");
        Assert.Multiple(() =>
        {
            Assert.That(profile!.Labels, Does.Contain("feedback:neutral"));
            Assert.That(third[2].Text, Is.EqualTo(Thanks));
            Assert.That(classified.Select(c => c.Action), Is.EquivalentTo(new[] { "feedback_neutral", "feedback_comment" }));
            Assert.That(classified.Select(c => c.Context["order_id"]).Distinct(), Is.EqualTo(new[] { "ORD-E2E-1" }));
            Assert.That(classified.Select(c => c.Context["flow_run_id"]).Distinct(), Is.EqualTo(new[] { runId.ToString("D") }));
        });
    }
}
