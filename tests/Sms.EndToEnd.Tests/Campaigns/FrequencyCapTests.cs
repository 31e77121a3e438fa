using static Sms.EndToEnd.Tests.Campaigns.CampaignScenario;

namespace Sms.EndToEnd.Tests.Campaigns;

/// <summary>
/// Compliance's marketing frequency cap across campaigns, over the real processes: with the shipped rule (one marketing
/// message in 16 hours per number), a second campaign to the same contacts is suppressed <c>frequency_capped</c> for
/// them, and the carrier has only the first campaign's message.
/// </summary>
[TestFixture]
public sealed class FrequencyCapTests : PlatformTests
{
    private const string First = "Hi {first_name|there}, the winter sale starts now. Reply STOP to opt out";
    private const string Second = "Hi {first_name|there}, last chance for the winter sale. Reply STOP to opt out";

    [Test]
    public async Task A_second_marketing_campaign_to_the_same_contacts_is_held_back_by_the_cap()
    {
        var label = UniqueLabel("cap");
        var zone = ZoneWhereItIsNow(14);
        var numbers = new[] { Customer, Platform.NewCustomerNumber() };
        foreach (var number in numbers) await ContactAsync(number, label, timeZone: zone);
        var definition = new { labelsAll = new[] { label } };
        await PreviewUntilAsync(definition, expected: 2);
        var segment = await SegmentAsync($"Cap {label}", definition);

        var first = await DraftAsync(new { name = $"Cap 1 {label}", segmentId = segment, text = First });
        await ActAsync(first, "launch");
        var firstResults = await ResultsUntilAsync(first, r => r.Status == "completed" && r.Sent == 2, "The first campaign reaching both contacts");
        var second = await DraftAsync(new { name = $"Cap 2 {label}", segmentId = segment, text = Second });
        await ActAsync(second, "launch");
        var secondResults = await ResultsUntilAsync(second, r => r.Status == "completed" && r.Suppressed == 2, "The second campaign being held back");
        var atCarrier = await Task.WhenAll(numbers.Select(CarrierMessagesToAsync));

        Assert.Multiple(() =>
        {
            Assert.That(firstResults.Suppressed, Is.Zero);
            Assert.That(secondResults.SuppressedByReason, Is.EquivalentTo(new Dictionary<string, int> { ["frequency_capped"] = 2 }));
            Assert.That(secondResults.Sent, Is.Zero);
            Assert.That(atCarrier.Select(m => m.Select(x => x.Text)), Is.All.EqualTo(new[] { "Hi there, the winter sale starts now. Reply STOP to opt out" }),
                "each phone has the first campaign's message and not the second's");
        });
    }
}
