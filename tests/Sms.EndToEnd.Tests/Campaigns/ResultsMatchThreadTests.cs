using Sms.Contracts.Compliance;
using static Sms.EndToEnd.Tests.Campaigns.CampaignScenario;

namespace Sms.EndToEnd.Tests.Campaigns;

/// <summary>
/// A campaign's results are counted by Campaigns from the platform's events; the threads are Conversations' own record
/// of the same messages. Over the real processes, after a campaign whose recipients got it delivered, one replied,
/// one opted out with STOP and one stayed silent, both tell the same story: sent, delivered, replies and opt-outs.
/// </summary>
[TestFixture]
public sealed class ResultsMatchThreadTests : PlatformTests
{
    [Test]
    public async Task A_campaigns_sent_delivered_replies_and_opt_outs_equal_what_the_threads_show()
    {
        var label = UniqueLabel("threads");
        var zone = ZoneWhereItIsNow(14);
        var replying = Customer;
        var stopping = Platform.NewCustomerNumber();
        var silent = Platform.NewCustomerNumber();
        var numbers = new[] { replying, stopping, silent };
        foreach (var number in numbers) await ContactAsync(number, label, timeZone: zone);
        var definition = new { labelsAll = new[] { label } };
        await PreviewUntilAsync(definition, expected: 3);
        var campaign = await DraftAsync(new
        {
            name = $"Threads {label}", segmentId = await SegmentAsync($"Threads {label}", definition),
            text = "Hi {first_name|there}, your table for Friday is ready to book. Reply STOP to opt out",
        });

        await ActAsync(campaign, "launch");
        await ResultsUntilAsync(campaign, r => r.Status == "completed" && r.Delivered == 3, "The campaign delivered to all three");
        Assert.That(await CustomerRepliesAsync(replying, "Great, book us for 8pm"), Is.EqualTo(204));
        Assert.That(await CustomerRepliesAsync(stopping, "STOP"), Is.EqualTo(204));
        await Platform.Events.WaitForAsync<OptOutRecorded>(e => e.Number == stopping);
        var results = await ResultsUntilAsync(campaign, r => r.Replies == 2 && r.OptOuts == 1, "The reply and the opt-out counted for the campaign");

        var campaignMessages = new Dictionary<string, Guid>();
        foreach (var number in numbers) campaignMessages[number] = (await RecipientAsync(campaign, number)).MessageId;
        var threads = new Dictionary<string, IReadOnlyList<ThreadMessage>>();
        foreach (var number in numbers)
            threads[number] = await Eventually.MatchesAsync(() => ThreadAsync(number),
                t => t.Any(m => m.MessageId == campaignMessages[number] && m.Status == "delivered") && (number == silent || t.Any(m => m.Direction == "inbound")),
                "The campaign message delivered, and any answer to it, in the thread");
        ThreadMessage? CampaignMessage(string number) => threads[number].SingleOrDefault(m => m.MessageId == campaignMessages[number]);
        IEnumerable<ThreadMessage> Answers(string number) =>
            threads[number].Where(m => m.Direction == "inbound" && m.CreatedAt >= CampaignMessage(number)!.CreatedAt);
        var sentInThreads = numbers.Count(n => CampaignMessage(n)?.Status is "sent" or "delivered");
        var deliveredInThreads = numbers.Count(n => CampaignMessage(n)?.Status == "delivered");
        var answeredInThreads = numbers.Count(n => Answers(n).Any());
        // A STOP is answered by Compliance, not the conversation: the thread marks it handled by compliance.
        var optedOutInThreads = numbers.Count(n => Answers(n).Any(m => m.HandledBy == "compliance"));

        Assert.Multiple(() =>
        {
            Assert.That(results.Sent, Is.EqualTo(sentInThreads).And.EqualTo(3), "sent");
            Assert.That(results.Delivered, Is.EqualTo(deliveredInThreads).And.EqualTo(3), "delivered");
            Assert.That(results.Replies, Is.EqualTo(answeredInThreads).And.EqualTo(2), "replies");
            Assert.That(results.OptOuts, Is.EqualTo(optedOutInThreads).And.EqualTo(1), "opt-outs");
            Assert.That(threads[silent].Where(m => m.Direction == "inbound"), Is.Empty);
        });
    }
}
