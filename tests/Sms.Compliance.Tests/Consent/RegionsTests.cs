using Sms.Compliance.Consent;
using Sms.Compliance.Extensions;
using Sms.Contracts.Outbound;

namespace Sms.Compliance.Tests.Consent;

public class RegionsTests
{
    private static readonly Regions Shipped = new(new Dictionary<string, RegionOptions>());

    // 15 January 2026, 20:30 in Miami (EST, UTC-5).
    private static readonly DateTimeOffset EveningInMiami = new(2026, 1, 16, 1, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset EightInMiami = new(2026, 1, 16, 13, 0, 0, TimeSpan.Zero);

    private static SendSms Send(string to, SmsCategory category = SmsCategory.Marketing) => new()
    {
        MessageId = Guid.NewGuid(), To = to, Text = "20% off today. Reply STOP to opt out.", Category = category,
    };

    [TestCase("+13055550123", "US-FL")]
    [TestCase("+18505550123", "US-FL")]
    [TestCase("+19185550123", "US-OK")]
    [TestCase("+14105550123", "US-MD")]
    [TestCase("+12125550123", null)]
    [TestCase("+443055501234", null)]
    [TestCase("+999305555012", null)]
    public void A_region_is_found_by_the_area_code_of_a_north_american_number(string number, string? region) =>
        Assert.That(Shipped.Of(number)?.Name, Is.EqualTo(region));

    [Test]
    public void A_shipped_region_can_be_changed_turned_off_or_joined_by_a_new_one()
    {
        var regions = new Regions(new Dictionary<string, RegionOptions>
        {
            ["US-FL"] = new() { QuietHoursEnd = new TimeOnly(19, 0) },
            ["US-OK"] = new() { Enabled = false },
            ["US-XX"] = new() { AreaCodes = ["212"], FrequencyCaps = [new() { Messages = 2, Window = TimeSpan.FromDays(1) }], Source = "house rule" },
        });

        Assert.Multiple(() =>
        {
            Assert.That(regions.Of("+13055550123")!.Window!.WindowEnd, Is.EqualTo(new TimeOnly(19, 0)));
            Assert.That(regions.Of("+13055550123")!.Window!.WindowStart, Is.EqualTo(new TimeOnly(8, 0)), "the rest as shipped");
            Assert.That(regions.Of("+19185550123"), Is.Null);
            Assert.That(regions.Of("+12125550123")!.Describe(), Is.EqualTo("US-XX: house rule"));
        });
    }

    [Test]
    public void An_area_code_in_two_regions_is_refused() =>
        Assert.That(() => new Regions(new Dictionary<string, RegionOptions> { ["US-XX"] = new() { AreaCodes = ["305"] } }),
            Throws.ArgumentException.With.Message.Contains("305"));

    [Test]
    public void Marketing_to_florida_waits_for_8_00_there_when_the_deployment_allows_until_21_00()
    {
        var policy = new QuietHoursPolicy(new QuietHoursOptions { DefaultTimeZone = "UTC" }, Shipped);

        var florida = policy.DeferUntil(Send("+13055550123"), EveningInMiami);
        var newYork = policy.DeferUntil(Send("+12125550123"), EveningInMiami);
        var reminder = policy.DeferUntil(Send("+13055550123", SmsCategory.Transactional), EveningInMiami);

        Assert.Multiple(() =>
        {
            Assert.That(florida?.Until, Is.EqualTo(EightInMiami));
            Assert.That(florida?.Region?.Name, Is.EqualTo("US-FL"));
            Assert.That(newYork, Is.Null, "20:30 is inside the deployment's 08:00–21:00");
            Assert.That(reminder, Is.Null, "the state law is about marketing");
        });
    }

    [Test]
    public void A_region_window_holds_even_when_the_deployment_has_quiet_hours_off()
    {
        var policy = new QuietHoursPolicy(new QuietHoursOptions { Enabled = false, DefaultTimeZone = "UTC" }, Shipped);

        Assert.Multiple(() =>
        {
            Assert.That(policy.AppliesTo(Send("+13055550123")), Is.True);
            Assert.That(policy.DeferUntil(Send("+13055550123"), EveningInMiami)?.Until, Is.EqualTo(EightInMiami));
            Assert.That(policy.AppliesTo(Send("+12125550123")), Is.False);
        });
    }

    [Test]
    public void A_florida_number_is_capped_by_the_brand_and_the_state()
    {
        var caps = new FrequencyCaps(new ComplianceOptions(), new FrequencyCapOptions(), Shipped);

        var florida = caps.For("default", "+13055550123");
        var london = caps.For("default", "+447700900123");

        Assert.Multiple(() =>
        {
            Assert.That(florida.Rules.Select(r => (r.Messages, r.Window)),
                Is.EqualTo(new[] { (1, TimeSpan.FromHours(16)), (3, TimeSpan.FromDays(7)), (3, TimeSpan.FromHours(24)) }));
            Assert.That(florida.Region?.Name, Is.EqualTo("US-FL"));
            Assert.That(london.Region, Is.Null);
            Assert.That(london.Rules, Has.Count.EqualTo(2));
        });
    }
}
