using System.Globalization;
using static Sms.EndToEnd.Tests.Campaigns.CampaignScenario;

namespace Sms.EndToEnd.Tests.Campaigns;

/// <summary>
/// Schedules in each recipient's own clock, over the real processes. The real clock cannot be moved, so the local time
/// is chosen at test time: the next whole minutes in a zone where that is within allowed hours, so one recipient is due
/// within two minutes and the others, in zones hours away, at the same wall-clock time in theirs. And quiet hours:
/// Compliance defers a campaign's send to a contact whose zone is in them now, and sends the one in an allowed zone.
/// </summary>
[TestFixture]
public sealed class LocalTimeScheduleTests : PlatformTests
{
    private const string Text = "Hi {first_name|there}, our spring menu is here. Reply STOP to opt out";

    [Test]
    public async Task A_local_time_reaches_each_recipient_at_that_time_on_their_own_clock()
    {
        // Zone A: early afternoon now, so "now + 2 minutes" there is within allowed hours whenever the suite runs.
        // B and C: other whole-hour offsets, hours ahead of or behind A, within the range of real zones.
        var offsetA = OffsetWhereItIsNow(12);
        var offsetB = offsetA + 5 <= 14 ? offsetA + 5 : offsetA - 9;
        var offsetC = offsetA - 4 >= -12 ? offsetA - 4 : offsetA + 7;
        var zones = new[] { EtcZone(offsetA), EtcZone(offsetB), EtcZone(offsetC) };
        var numbers = new[] { Customer, Platform.NewCustomerNumber(), Platform.NewCustomerNumber() };
        var label = UniqueLabel("local");
        for (var i = 0; i < 3; i++) await ContactAsync(numbers[i], label, name: $"Zone{i}", timeZone: zones[i]);
        var definition = new { labelsAll = new[] { label } };
        await PreviewUntilAsync(definition, expected: 3);
        // Campaigns follows the zones from Compliance's events: wait until all three are in its copy.
        foreach (var (zone, i) in zones.Select((z, i) => (z, i)))
            await PreviewUntilAsync(new { labelsAll = new[] { label }, timeZones = new[] { zone } }, expected: 1);

        var localNowA = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(offsetA));
        var dueLocal = new DateTimeOffset(localNowA.Year, localNowA.Month, localNowA.Day, localNowA.Hour, localNowA.Minute, 0, localNowA.Offset).AddMinutes(2);
        var localTime = dueLocal.ToString("HH:mm", CultureInfo.InvariantCulture);
        var campaign = await DraftAsync(new { name = $"Local {label}", segmentId = await SegmentAsync($"Local {label}", definition), text = Text, localTime });
        await ActAsync(campaign, "launch");

        var a = await RecipientAsync(campaign, numbers[0]);
        var b = await RecipientAsync(campaign, numbers[1]);
        var c = await RecipientAsync(campaign, numbers[2]);
        Assert.Multiple(() =>
        {
            Assert.That(a.TimeZone, Is.EqualTo(zones[0]));
            Assert.That(a.DueAt, Is.EqualTo(dueLocal), $"due at {localTime} in {zones[0]}");
            Assert.That(a.DueAtLocal, Is.EqualTo(dueLocal));
            Assert.That(a.DueAtLocal!.Value.Offset, Is.EqualTo(TimeSpan.FromHours(offsetA)));
            foreach (var (other, zone, offset) in new[] { (b, zones[1], offsetB), (c, zones[2], offsetC) })
            {
                Assert.That(other.TimeZone, Is.EqualTo(zone));
                Assert.That(other.DueAtLocal!.Value.ToString("HH:mm", CultureInfo.InvariantCulture), Is.EqualTo(localTime), $"{localTime} in {zone} too");
                Assert.That(other.DueAtLocal.Value.Offset, Is.EqualTo(TimeSpan.FromHours(offset)));
                Assert.That(other.DueAt - DateTimeOffset.UtcNow, Is.GreaterThan(TimeSpan.FromHours(1)), $"{zone}'s {localTime} is hours away");
            }
        });

        // Nothing before A's minute comes; then it arrives promptly.
        while (DateTimeOffset.UtcNow < a.DueAt - TimeSpan.FromSeconds(1))
        {
            Assert.That(await CarrierMessagesToAsync(numbers[0]), Is.Empty, $"nothing reaches A before {localTime} on A's clock");
            await Task.Delay(500);
        }
        var received = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(numbers[0]), m => m.Count == 1,
            "The campaign reaching A at its local time", a.DueAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60));
        var receivedAt = DateTimeOffset.UtcNow;
        var sentA = await Eventually.MatchesAsync(() => RecipientAsync(campaign, numbers[0]), r => r.SentAt is not null, "A's send being recorded as sent");
        var stillB = await RecipientAsync(campaign, numbers[1]);
        var stillC = await RecipientAsync(campaign, numbers[2]);
        var atB = await CarrierMessagesToAsync(numbers[1]);
        var atC = await CarrierMessagesToAsync(numbers[2]);
        await ActAsync(campaign, "cancel"); // B's and C's minutes would come hours after the test

        Assert.Multiple(() =>
        {
            Assert.That(received.Single().Text, Is.EqualTo("Hi Zone0, our spring menu is here. Reply STOP to opt out"));
            Assert.That(sentA.PublishedAt, Is.GreaterThanOrEqualTo(a.DueAt), "published no earlier than the minute");
            Assert.That(sentA.SentAt, Is.GreaterThanOrEqualTo(a.DueAt), "at the carrier no earlier than the minute");
            Assert.That(receivedAt - a.DueAt, Is.LessThan(TimeSpan.FromSeconds(60)), "and promptly after it");
            Assert.That(stillB.State, Is.EqualTo("pending"));
            Assert.That(stillC.State, Is.EqualTo("pending"));
            Assert.That(atB, Is.Empty, "B's minute has not come");
            Assert.That(atC, Is.Empty, "C's minute has not come");
        });
    }

    [Test]
    public async Task A_send_into_quiet_hours_is_deferred_while_one_in_allowed_hours_goes()
    {
        var label = UniqueLabel("quiet");
        var asleep = Customer;
        var awake = Platform.NewCustomerNumber();
        var asleepZone = ZoneWhereItIsNow(3);
        var awakeZone = ZoneWhereItIsNow(14);
        await ContactAsync(asleep, label, name: "Asleep", timeZone: asleepZone);
        await ContactAsync(awake, label, name: "Awake", timeZone: awakeZone);
        var definition = new { labelsAll = new[] { label } };
        await PreviewUntilAsync(definition, expected: 2);
        await PreviewUntilAsync(new { labelsAll = new[] { label }, timeZones = new[] { asleepZone } }, expected: 1);
        var campaign = await DraftAsync(new { name = $"Quiet {label}", segmentId = await SegmentAsync($"Quiet {label}", definition), text = Text });

        await ActAsync(campaign, "launch");

        var results = await ResultsUntilAsync(campaign, r => r.Deferred == 1 && r.Sent == 1, "One send deferred for quiet hours and one sent");
        var atAwake = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(awake), m => m.Count == 1, "The send in allowed hours reaching the carrier");
        var deferred = await RecipientAsync(campaign, asleep);
        var atAsleep = await CarrierMessagesToAsync(asleep);
        Assert.Multiple(() =>
        {
            Assert.That(atAwake.Single().Text, Is.EqualTo("Hi Awake, our spring menu is here. Reply STOP to opt out"));
            Assert.That(deferred.State, Is.EqualTo("deferred"));
            Assert.That(deferred.Reason, Is.Not.Null, "the time Compliance decides again");
            Assert.That(atAsleep, Is.Empty, "nothing reaches a phone in quiet hours");
            Assert.That(results.Suppressed, Is.Zero);
        });
    }
}
