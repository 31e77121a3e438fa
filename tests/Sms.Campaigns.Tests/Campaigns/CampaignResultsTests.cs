using Sms.Campaigns.Campaigns;

namespace Sms.Campaigns.Tests.Campaigns;

/// <summary>The figures made of a campaign's counts: rates, and the cost from the prices per destination country.</summary>
public sealed class CampaignResultsTests
{
    [TestCase("GB", 0.04)]
    [TestCase("FR", 0.01)]
    [TestCase("", 0.01)]
    public void A_country_without_a_price_of_its_own_costs_the_default(string country, decimal price) =>
        Assert.That(CampaignResults.PriceOf(country, new Dictionary<string, decimal> { ["GB"] = 0.04m, ["Default"] = 0.01m }), Is.EqualTo(price));

    [Test]
    public void Without_a_price_for_every_country_sent_to_the_cost_is_unknown()
    {
        var results = CampaignResults.From(Guid.NewGuid(), Counts(sent: 2, segments: new() { ["GB"] = 2, ["FR"] = 1 }),
            new Dictionary<string, decimal> { ["GB"] = 0.04m });

        Assert.Multiple(() =>
        {
            Assert.That(results.Cost, Is.Null);
            Assert.That(results.CostByCountry, Is.EqualTo(new[] { new CountryCost("FR", 1, null), new CountryCost("GB", 2, 0.08m) }));
        });
    }

    [Test]
    public void Before_anything_is_sent_the_rates_are_unknown_not_zero()
    {
        var results = CampaignResults.From(Guid.NewGuid(), Counts(sent: 0, segments: []), new Dictionary<string, decimal>());

        Assert.Multiple(() =>
        {
            Assert.That(results.ReplyRate, Is.Null);
            Assert.That(results.OptOutRate, Is.Null);
            Assert.That(results.KeywordMatchRate, Is.Null);
            Assert.That(results.ClickRate, Is.Null);
            Assert.That(results.Cost, Is.EqualTo(0m));
        });
    }

    [Test]
    public void The_click_rate_is_the_recipients_who_clicked_out_of_those_sent()
    {
        var links = new[] { new LinkResult(1, "https://shop.example.com/spring", 3, 5) };
        var results = CampaignResults.From(Guid.NewGuid(), Counts(sent: 8, segments: []) with { Clicks = 3, Links = links },
            new Dictionary<string, decimal>());

        Assert.Multiple(() =>
        {
            Assert.That(results.Clicks, Is.EqualTo(3));
            Assert.That(results.ClickRate, Is.EqualTo(0.375));
            Assert.That(results.Links, Is.EqualTo(links));
        });
    }

    private static CampaignResultCounts Counts(int sent, Dictionary<string, long> segments) => new()
    {
        Status = "running", IsFlow = false, Recipients = sent, Published = sent, Sent = sent, Delivered = 0, Failed = 0,
        Deferred = 0, Replies = 0, KeywordMatches = 0, OptOuts = 0, Handoffs = 0, FlowCompletions = 0, Clicks = 0, MedianSecondsToReply = null,
        SuppressedByReason = new Dictionary<string, int>(), SegmentsByCountry = segments, RepliesByOption = new Dictionary<string, int>(),
        Links = [],
    };
}
