using Dapper;
using Microsoft.Extensions.Options;
using Sms.Campaigns.Campaigns;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.Campaigns.Tests.Support;
using Sms.Testing;

namespace Sms.Campaigns.Tests.Data;

/// <summary>A seeded campaign's results: every figure counted from its recipient rows, and its cost per destination country.</summary>
public sealed class CampaignResultsQueryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private ConsumerHarness _bus = null!;

    [SetUp]
    public async Task StartAsync() => _bus = await CampaignsHarness.StartAsync(new ConsumerHarnessOptions
    {
        Settings = new Dictionary<string, string?> { ["Campaigns:Prices:GB"] = "0.04", ["Campaigns:Prices:Default"] = "0.0079" },
    });

    [TearDown]
    public async Task StopAsync() => await _bus.DisposeAsync();

    [Test]
    public async Task Counts_each_figure_of_a_seeded_campaign_and_prices_its_segments_per_country()
    {
        var campaign = await _bus.AddCampaignAsync();
        string[] n = [.. Enumerable.Range(0, 9).Select(_ => TestNumbers.Unique())];
        // Two delivered (2 and 1 segments), one replied after 60 s with YES and one after 180 s with no match, one of
        // them opted out; one sent (3 segments) and replied after 120 s with YES, handed to a person; one failed
        // after it was sent (1 segment); two suppressed; one deferred; one still pending.
        await _bus.AddRecipientAsync(campaign, n[0], T0, "delivered", sentAt: T0, segments: 2, repliedAt: T0.AddSeconds(60));
        await _bus.AddRecipientAsync(campaign, n[1], T0, "delivered", sentAt: T0, segments: 1, repliedAt: T0.AddSeconds(180));
        await _bus.AddRecipientAsync(campaign, n[2], T0, "sent", sentAt: T0, segments: 3, repliedAt: T0.AddSeconds(120));
        await _bus.AddRecipientAsync(campaign, n[3], T0, "failed", sentAt: T0, segments: 1, reason: "6");
        await _bus.AddRecipientAsync(campaign, n[4], T0, "suppressed", reason: "opted_out");
        await _bus.AddRecipientAsync(campaign, n[5], T0, "suppressed", reason: "frequency_capped");
        await _bus.AddRecipientAsync(campaign, n[6], T0, "deferred", reason: "until 2026-12-01T22:00:00Z");
        await _bus.AddRecipientAsync(campaign, n[7], null, "pending");
        await _bus.AddRecipientAsync(campaign, n[8], T0, "published");
        await using (var connection = await _bus.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("""
                UPDATE campaigns.recipients SET matched_keyword = true, matched_option = 'YES' WHERE campaign_id = @Id AND number IN (@A, @C);
                UPDATE campaigns.recipients SET opted_out_at = replied_at WHERE campaign_id = @Id AND number = @B;
                UPDATE campaigns.recipients SET handed_off_at = replied_at WHERE campaign_id = @Id AND number = @C;
                -- Derived from the number when it was sent; the contact's country (below) wins.
                UPDATE campaigns.recipients SET country = 'US' WHERE campaign_id = @Id AND number = @A;
                """, new { Id = campaign, A = n[0], B = n[1], C = n[2] });
        }
        // Two messages to Great Britain (the contacts' country), the others to numbers no country has.
        await _bus.DataSource.AddContactAsync(n[0], country: "GB");
        await _bus.DataSource.AddContactAsync(n[3], country: "GB");

        var results = await ResultsAsync(campaign);

        Assert.Multiple(() =>
        {
            Assert.That(results.Status, Is.EqualTo("running"));
            Assert.That(results.Recipients, Is.EqualTo(9));
            Assert.That(results.Published, Is.EqualTo(8));
            Assert.That(results.Sent, Is.EqualTo(4));
            Assert.That(results.Delivered, Is.EqualTo(2));
            Assert.That(results.Failed, Is.EqualTo(1));
            Assert.That(results.Suppressed, Is.EqualTo(2));
            Assert.That(results.SuppressedByReason, Is.EquivalentTo(new Dictionary<string, int> { ["opted_out"] = 1, ["frequency_capped"] = 1 }));
            Assert.That(results.Deferred, Is.EqualTo(1));
            Assert.That(results.Replies, Is.EqualTo(3));
            Assert.That(results.ReplyRate, Is.EqualTo(0.75));
            Assert.That(results.KeywordMatches, Is.EqualTo(2));
            Assert.That(results.KeywordMatchRate, Is.EqualTo(0.6667));
            Assert.That(results.OptOuts, Is.EqualTo(1));
            Assert.That(results.OptOutRate, Is.EqualTo(0.25));
            Assert.That(results.MedianSecondsToReply, Is.EqualTo(120));
            Assert.That(results.AgentHandoffs, Is.EqualTo(1));
            Assert.That(results.FlowCompletionRate, Is.Null, "a text campaign starts no flow");
            Assert.That(results.SegmentsSent, Is.EqualTo(7));
            // The contact's country wins over the one derived from the number: 3 segments to GB at 0.04, 4 elsewhere at 0.0079.
            Assert.That(results.CostByCountry, Is.EqualTo(new[] { new CountryCost(null, 4, 0.0316m), new CountryCost("GB", 3, 0.12m) }));
            Assert.That(results.Cost, Is.EqualTo(0.1516m));
            Assert.That(results.ReplyBreakdown, Is.EqualTo(new[] { new ReplyOptionCount("YES", 2) }));
            Assert.That(results.UnmatchedReplies, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task The_median_time_to_reply_of_an_even_count_is_the_mean_of_the_middle_two()
    {
        var campaign = await _bus.AddCampaignAsync(flowName: "quiz");
        foreach (var seconds in new[] { 30, 90, 600, 40 })
            await _bus.AddRecipientAsync(campaign, TestNumbers.Unique(), T0, "delivered", sentAt: T0, segments: 1, repliedAt: T0.AddSeconds(seconds));
        await using (var connection = await _bus.DataSource.OpenConnectionAsync())
            await connection.ExecuteAsync(
                "UPDATE campaigns.recipients SET flow_completed_at = replied_at WHERE campaign_id = @Id AND replied_at < @At",
                new { Id = campaign, At = T0.AddSeconds(60).UtcDateTime });

        var results = await ResultsAsync(campaign);

        Assert.Multiple(() =>
        {
            Assert.That(results.MedianSecondsToReply, Is.EqualTo(65));
            Assert.That(results.FlowCompletions, Is.EqualTo(2));
            Assert.That(results.FlowCompletionRate, Is.EqualTo(0.5));
        });
    }

    [Test]
    public async Task A_campaign_that_does_not_exist_has_no_results() =>
        Assert.That(await _bus.Get<CampaignResultsQuery>().CountAsync(Guid.NewGuid(), CancellationToken.None), Is.Null);

    private async Task<CampaignResults> ResultsAsync(Guid campaign)
    {
        var counts = await _bus.Get<CampaignResultsQuery>().CountAsync(campaign, CancellationToken.None);
        return CampaignResults.From(campaign, counts!, _bus.Get<IOptions<CampaignsOptions>>().Value.Prices);
    }
}
