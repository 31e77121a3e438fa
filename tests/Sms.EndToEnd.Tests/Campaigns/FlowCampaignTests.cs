using static Sms.EndToEnd.Tests.Campaigns.CampaignScenario;

namespace Sms.EndToEnd.Tests.Campaigns;

/// <summary>
/// A campaign that starts a flow of the Router's (<c>Router:Flows</c>, the shipped post-purchase feedback) for every
/// recipient, over the real processes: each gets the flow's first question, a reply moves that recipient's flow on to
/// its end, and the campaign's results count the reply and the completed flow.
/// </summary>
[TestFixture]
public sealed class FlowCampaignTests : PlatformTests
{
    private const string Rating = "How was your order? Reply 1-5 (5 = excellent).";
    private const string Comments = "Thanks. What could we have done better? Reply with your comments.";
    private const string Thanks = "Thank you for your comments. We read every one.";

    [Test]
    public async Task Every_recipient_gets_the_flows_first_question_and_the_results_count_its_completion()
    {
        var label = UniqueLabel("flow");
        var zone = ZoneWhereItIsNow(14);
        var answering = Customer;
        var silent = Platform.NewCustomerNumber();
        await ContactAsync(answering, label, timeZone: zone);
        await ContactAsync(silent, label, timeZone: zone);
        var definition = new { labelsAll = new[] { label } };
        await PreviewUntilAsync(definition, expected: 2);
        var campaign = await DraftAsync(new
        {
            name = $"Flow {label}", segmentId = await SegmentAsync($"Flow {label}", definition), flowName = "post_purchase_feedback",
        });

        await ActAsync(campaign, "launch");
        var toAnswering = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(answering), m => m.Count == 1, "The flow's question reaching the first recipient");
        var toSilent = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(silent), m => m.Count == 1, "The flow's question reaching the second recipient");
        await Eventually.MatchesAsync(() => OpenSessionCountAsync(answering), n => n == 1, "The rating step's session being stored");
        await ResultsUntilAsync(campaign, r => r.Sent == 2, "Both questions counted as sent");

        Assert.That(await CustomerRepliesAsync(answering, "3"), Is.EqualTo(204));
        await Eventually.MatchesAsync(() => CarrierMessagesToAsync(answering), m => m.Count == 2 && m[1].Text == Comments, "The flow moving on to its comments step");
        await Eventually.MatchesAsync(() => OpenSessionCountAsync(answering), n => n == 1, "The comments step's session being stored");
        Assert.That(await CustomerRepliesAsync(answering, "The box was dented"), Is.EqualTo(204));
        var thread = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(answering), m => m.Count == 3, "The flow's thanks reaching the carrier");
        // The campaign completes in the dispatch round after its last publish (a second at most), which a fast flow can beat.
        var results = await ResultsUntilAsync(campaign, r => r.FlowCompletions == 1 && r.Replies == 1 && r.Status == "completed",
            "The reply and the completed flow counted for the campaign, and the campaign completed");

        Assert.Multiple(() =>
        {
            Assert.That(toAnswering.Single().Text, Is.EqualTo(Rating));
            Assert.That(toSilent.Single().Text, Is.EqualTo(Rating));
            Assert.That(thread[2].Text, Is.EqualTo(Thanks));
            Assert.That(results.Sent, Is.EqualTo(2));
            Assert.That(results.FlowCompletionRate, Is.EqualTo(0.5), "one of the two flows completed");
        });
    }
}
