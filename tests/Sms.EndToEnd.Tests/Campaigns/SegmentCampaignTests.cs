using static Sms.EndToEnd.Tests.Campaigns.CampaignScenario;

namespace Sms.EndToEnd.Tests.Campaigns;

/// <summary>
/// A campaign to a segment by label, engagement and marketing consent, over the real processes: Campaigns learns the
/// contacts from the services that own them (Conversations' profile, Compliance's consent and zones), its preview counts
/// only the matching ones, and the campaign reaches exactly those at the carrier, its text rendered for each.
/// </summary>
[TestFixture]
public sealed class SegmentCampaignTests : PlatformTests
{
    [Test]
    public async Task A_segment_by_label_and_engagement_reaches_exactly_its_contacts_each_with_their_own_text()
    {
        var label = UniqueLabel("engaged");
        var zone = ZoneWhereItIsNow(14);
        var ada = Customer;
        var unnamed = Platform.NewCustomerNumber();
        var lowScore = Platform.NewCustomerNumber();
        var otherLabel = Platform.NewCustomerNumber();
        var noConsent = Platform.NewCustomerNumber();
        await ContactAsync(ada, label, engagement: 45, name: "Ada Lovelace", timeZone: zone);
        await ContactAsync(unnamed, label, engagement: 80, timeZone: zone);
        await ContactAsync(lowScore, label, engagement: 20, name: "Low Score", timeZone: zone);
        await ContactAsync(otherLabel, UniqueLabel("other"), engagement: 90, name: "Other Label", timeZone: zone);
        await ContactAsync(noConsent, label, engagement: 70, name: "No Consent", marketing: false, timeZone: zone);

        var definition = new { labelsAll = new[] { label }, engagementMin = 40, consent = new { purpose = "marketing", state = "OptedIn" } };
        var preview = await PreviewUntilAsync(definition, expected: 2);
        var everyoneLabelled = await PreviewUntilAsync(new { labelsAll = new[] { label } }, expected: 4);

        var segment = await SegmentAsync($"Engaged {label}", definition);
        var campaign = await DraftAsync(new
        {
            name = $"Engaged {label}", segmentId = segment, pacePerSecond = 50,
            text = "Hi {first_name|there}, 20% off this weekend. Reply STOP to opt out",
        });
        await ActAsync(campaign, "launch");

        var results = await ResultsUntilAsync(campaign, r => r.Status == "completed" && r.Sent == 2, "Both matching contacts' sends reaching the carrier");
        var toAda = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(ada), m => m.Count == 1, "The campaign reaching Ada");
        var toUnnamed = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(unnamed), m => m.Count == 1, "The campaign reaching the unnamed contact");
        var outsiders = new[] { lowScore, otherLabel, noConsent };
        var outsidersAtCarrier = (await Task.WhenAll(outsiders.Select(CarrierMessagesToAsync))).SelectMany(m => m).ToList();
        var outsidersInCampaign = await Task.WhenAll(outsiders.Select(n => RecipientStatusAsync(campaign, n)));
        Assert.Multiple(() =>
        {
            Assert.That(preview.Sample.Select(s => s.GetProperty("engagementScore").GetInt32()), Is.EqualTo(new[] { 80, 45 }), "highest engagement first");
            Assert.That(preview.Sample.Select(s => s.GetProperty("number").GetString()), Has.None.EqualTo(ada), "numbers are masked in the sample");
            Assert.That(everyoneLabelled.Count, Is.EqualTo(4), "the label alone counts the low score and the unconsented contact too");
            Assert.That(toAda.Single().Text, Is.EqualTo("Hi Ada, 20% off this weekend. Reply STOP to opt out"));
            Assert.That(toUnnamed.Single().Text, Is.EqualTo("Hi there, 20% off this weekend. Reply STOP to opt out"));
            Assert.That(results.Recipients, Is.EqualTo(2));
            Assert.That(results.Suppressed, Is.Zero);
            Assert.That(outsidersAtCarrier, Is.Empty, "a contact outside the segment gets nothing");
            Assert.That(outsidersInCampaign, Is.All.EqualTo(System.Net.HttpStatusCode.NotFound), "nor is one of the campaign's recipients");
        });
    }
}
