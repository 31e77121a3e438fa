using System.Net.Http.Json;
using static Sms.EndToEnd.Tests.Campaigns.CampaignScenario;

namespace Sms.EndToEnd.Tests.Campaigns;

/// <summary>
/// A campaign that asks a question: its prompt travels with every recipient's send, so the Router classifies each
/// reply against the campaign's options and answers with the auto response, and the campaign's results count the
/// matched replies by the option each matched. Over the real processes, with customers answering from their phones.
/// </summary>
[TestFixture]
public sealed class PromptCampaignTests : PlatformTests
{
    private const string OfferCode = "Your code is SPRING20, valid until midnight.";

    [Test]
    public async Task Replies_to_a_campaigns_question_are_matched_to_its_options_answered_and_counted_by_option()
    {
        var label = UniqueLabel("prompt");
        var zone = ZoneWhereItIsNow(14);
        var yes = Customer;
        var one = Platform.NewCustomerNumber();
        var no = Platform.NewCustomerNumber();
        var chatty = Platform.NewCustomerNumber();
        var numbers = new[] { yes, one, no, chatty };
        foreach (var number in numbers) await ContactAsync(number, label, timeZone: zone);
        var definition = new { labelsAll = new[] { label } };
        await PreviewUntilAsync(definition, expected: numbers.Length);
        var campaign = await DraftAsync(new
        {
            name = $"Flash sale {label}", segmentId = await SegmentAsync($"Flash sale {label}", definition),
            text = "Hi {first_name|there}! Reply YES (or 1) for 20% off today, NO if not. Reply STOP to opt out",
            prompt = new
            {
                sessionType = "flash_sale",
                options = new Dictionary<string, string> { ["YES"] = "claim_offer", ["1"] = "claim_offer", ["NO"] = "decline_offer" },
                autoResponses = new Dictionary<string, string> { ["claim_offer"] = OfferCode },
                timeToLiveSeconds = 86400,
            },
        });
        var shown = await Platform.Campaigns.GetFromJsonAsync<CampaignWithPrompt>($"/v1/campaigns/{campaign}");
        Assert.That(shown!.Prompt?.SessionType, Is.EqualTo("flash_sale"), "the draft shows its prompt back");

        await ActAsync(campaign, "launch");
        await ResultsUntilAsync(campaign, r => r.Status == "completed" && r.Sent == numbers.Length, "The campaign sent to all four");
        Assert.Multiple(async () =>
        {
            Assert.That(await CustomerRepliesAsync(yes, "yes"), Is.EqualTo(204));
            Assert.That(await CustomerRepliesAsync(one, "1"), Is.EqualTo(204));
            Assert.That(await CustomerRepliesAsync(no, "No"), Is.EqualTo(204));
            Assert.That(await CustomerRepliesAsync(chatty, "what time do you open tomorrow?"), Is.EqualTo(204));
        });

        var results = await Eventually.MatchesAsync(
            () => Platform.Campaigns.GetFromJsonAsync<PromptResults>($"/v1/campaigns/{campaign}/results")!,
            r => r!.Replies == 4 && r.KeywordMatches == 3,
            "Four replies counted, three of them matching the campaign's options", TimeSpan.FromSeconds(60));
        var offerTo = await Eventually.MatchesAsync(
            async () => (await CarrierMessagesToAsync(yes)).Concat(await CarrierMessagesToAsync(one)).Concat(await CarrierMessagesToAsync(no))
                .Where(m => m.Text == OfferCode).Select(m => m.To).ToList(),
            sent => sent.Count >= 2, "The offer code sent to the two who claimed it", TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(results!.ReplyBreakdown.ToDictionary(o => o.Option, o => o.Replies),
                Is.EquivalentTo(new Dictionary<string, int> { ["YES"] = 1, ["1"] = 1, ["NO"] = 1 }), "replies by the option each matched");
            Assert.That(results.UnmatchedReplies, Is.EqualTo(1), "the question no option matches");
            Assert.That(results.KeywordMatchRate, Is.EqualTo(0.75).Within(0.001));
            // The carrier's wire format writes numbers without the '+'.
            Assert.That(offerTo, Is.EquivalentTo(new[] { Digits(yes), Digits(one) }), "the auto response to those who claimed, once each, and not to the one who declined");
        });
    }

    private sealed record CampaignWithPrompt(Guid Id, PromptShown? Prompt);

    private sealed record PromptShown(string SessionType);

    private sealed record PromptResults(int Replies, int KeywordMatches, double? KeywordMatchRate, List<OptionCount> ReplyBreakdown, int UnmatchedReplies);

    private sealed record OptionCount(string Option, int Replies);
}
