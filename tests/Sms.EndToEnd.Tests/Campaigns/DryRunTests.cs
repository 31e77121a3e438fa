using Sms.Contracts.Compliance;
using static Sms.EndToEnd.Tests.Campaigns.CampaignScenario;

namespace Sms.EndToEnd.Tests.Campaigns;

/// <summary>
/// A dry run asks Compliance how it would decide each send with the same decision code as the real run: over the real
/// processes, its tally for a segment that mixes every outcome equals what the launched campaign then suppresses and
/// defers, reason by reason, and what it sends.
/// </summary>
[TestFixture]
public sealed class DryRunTests : PlatformTests
{
    [Test]
    public async Task A_dry_runs_counts_equal_what_the_real_run_then_suppresses_defers_and_sends()
    {
        var label = UniqueLabel("dry");
        var allowed = ZoneWhereItIsNow(14);
        var consented = Customer;
        var unconsented = Platform.NewCustomerNumber();
        var optedOut = Platform.NewCustomerNumber();
        var asleep = Platform.NewCustomerNumber();
        await ContactAsync(consented, label, name: "Consented", timeZone: allowed);
        await ContactAsync(unconsented, label, name: "Unconsented", marketing: false, timeZone: allowed);
        await ContactAsync(optedOut, label, name: "Opted Out", timeZone: allowed);
        await ContactAsync(asleep, label, name: "Asleep", timeZone: ZoneWhereItIsNow(3));
        Assert.That(await CustomerRepliesAsync(optedOut, "STOP"), Is.EqualTo(204));
        await Platform.Events.WaitForAsync<OptOutRecorded>(e => e.Number == optedOut);
        var definition = new { labelsAll = new[] { label } };
        await PreviewUntilAsync(definition, expected: 4);
        var campaign = await DraftAsync(new
        {
            name = $"Dry {label}", segmentId = await SegmentAsync($"Dry {label}", definition),
            text = "Hi {first_name|there}, new arrivals are in. Reply STOP to opt out",
        });

        var dryRun = await DryRunAsync(campaign);
        var atCarrierAfterDryRun = await CarrierMessagesToAsync(consented);
        await ActAsync(campaign, "launch");
        var results = await ResultsUntilAsync(campaign, r => r.Status == "completed" && r.Sent + r.Suppressed + r.Deferred == 4,
            "Every send of the real run decided");
        await Eventually.MatchesAsync(() => CarrierMessagesToAsync(consented), m => m.Count == 1, "The approved send reaching the carrier");

        Assert.Multiple(() =>
        {
            Assert.That(dryRun.Recipients, Is.EqualTo(4));
            Assert.That(dryRun.Approved, Is.EqualTo(1), dryRun.ToString());
            Assert.That(dryRun.Suppressed, Is.EquivalentTo(new Dictionary<string, int> { ["no_marketing_consent"] = 1, ["opted_out"] = 1 }), dryRun.ToString());
            Assert.That(dryRun.Deferred, Is.EqualTo(1), dryRun.ToString());
            Assert.That(atCarrierAfterDryRun, Is.Empty, "a dry run sends nothing");

            Assert.That(results.SuppressedByReason, Is.EquivalentTo(dryRun.Suppressed), "suppressed, reason by reason, as the dry run said");
            Assert.That(results.Deferred, Is.EqualTo(dryRun.Deferred), "deferred as the dry run said");
            Assert.That(results.Sent, Is.EqualTo(dryRun.Approved), "sent what the dry run approved");
        });
    }
}
