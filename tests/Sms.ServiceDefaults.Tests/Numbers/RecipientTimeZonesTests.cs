using Sms.ServiceDefaults.Numbers;

namespace Sms.ServiceDefaults.Tests.Numbers;

/// <summary>Where a number is, from libphonenumber's data: its region, its prefix's zones, and the one zone a schedule uses.</summary>
public sealed class RecipientTimeZonesTests
{
    [TestCase("+13125550123", "US")]
    [TestCase("+14165550123", "CA")]
    [TestCase("+447400123456", "GB")]
    [TestCase("+33612345678", "FR")]
    [TestCase("+99912345678901", null)]
    [TestCase("not a number", null)]
    public void The_region_comes_from_the_country_code_and_prefix(string number, string? region) =>
        Assert.That(RecipientTimeZones.RegionOf(number), Is.EqualTo(region));

    [TestCase("+13125550123", "America/Chicago")]
    [TestCase("+447400123456", "Europe/London")]
    [TestCase("+81312345678", "Asia/Tokyo")]
    [TestCase("+99912345678901", null)]
    public void One_zone_is_the_prefix_zone_or_the_country_main_one_among_several(string number, string? zone) =>
        Assert.That(RecipientTimeZones.MainZoneOf(number)?.Id, Is.EqualTo(zone));

    [Test]
    public void A_prefix_that_spans_zones_lists_them_all_and_one_unknown_lists_none() =>
        Assert.Multiple(() =>
        {
            Assert.That(RecipientTimeZones.PrefixZonesOf("+447400123456").Select(z => z.Id), Does.Contain("Europe/London").And.Contain("Europe/Jersey"));
            Assert.That(RecipientTimeZones.PrefixZonesOf("+99912345678901"), Is.Empty);
        });
}
