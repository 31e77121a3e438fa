using Sms.Compliance.Consent;
using Sms.Compliance.Extensions;
using Sms.Contracts.Outbound;
using Sms.ServiceDefaults.Numbers;

namespace Sms.Compliance.Tests.Consent;

public class QuietHoursTests
{
    private static readonly QuietHours Window = new(new TimeOnly(8, 0), new TimeOnly(21, 0));
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    // now (UTC), zone, expected release (UTC) or null when allowed now.
    [TestCase("2026-01-15T12:00:00Z", "Europe/London", null)]
    [TestCase("2026-01-15T08:00:00Z", "Europe/London", null)]
    [TestCase("2026-01-15T07:59:59Z", "Europe/London", "2026-01-15T08:00:00Z")]
    [TestCase("2026-01-15T21:00:00Z", "Europe/London", "2026-01-16T08:00:00Z")]
    [TestCase("2026-01-15T23:30:00Z", "Europe/London", "2026-01-16T08:00:00Z")]
    [TestCase("2026-07-15T07:30:00Z", "Europe/London", null)] // 08:30 BST
    [TestCase("2026-07-15T06:30:00Z", "Europe/London", "2026-07-15T07:00:00Z")] // 07:30 BST → 08:00 BST
    [TestCase("2026-07-15T20:30:00Z", "Europe/London", "2026-07-16T07:00:00Z")] // 21:30 BST
    [TestCase("2026-01-16T04:30:00Z", "America/New_York", "2026-01-16T13:00:00Z")] // 23:30 EST
    [TestCase("2026-01-16T01:59:00Z", "America/New_York", null)] // 20:59 EST
    [TestCase("2026-01-16T02:00:00Z", "America/New_York", "2026-01-16T13:00:00Z")] // 21:00 EST
    [TestCase("2026-03-08T06:00:00Z", "America/New_York", "2026-03-08T12:00:00Z")] // 01:00 EST, spring forward: 08:00 EDT
    [TestCase("2026-11-01T05:30:00Z", "America/New_York", "2026-11-01T13:00:00Z")] // 01:30 EDT, fall back: 08:00 EST
    public void A_send_outside_the_window_waits_for_the_next_start(string now, string zone, string? expected)
    {
        var at = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);

        var until = Window.DeferUntil(at, [tz]);

        Assert.That(until, Is.EqualTo(expected is null ? (DateTimeOffset?)null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));
        if (until is { } release) Assert.That(Window.IsAllowed(release, tz), Is.True, "released inside the window");
    }

    [Test]
    public void At_07_00_in_Tokyo_a_send_waits_an_hour() =>
        Assert.That(Window.DeferUntil(new DateTimeOffset(2026, 1, 15, 22, 0, 0, TimeSpan.Zero), [Tokyo]),
            Is.EqualTo(new DateTimeOffset(2026, 1, 15, 23, 0, 0, TimeSpan.Zero)));

    [Test]
    public void A_number_in_several_zones_waits_until_the_window_is_open_in_all_of_them()
    {
        // 13:30 UTC: 13:30 London (open), 08:30 New York (open).
        Assert.That(Window.DeferUntil(new DateTimeOffset(2026, 1, 15, 13, 30, 0, TimeSpan.Zero), [London, NewYork]), Is.Null);
        // 10:00 UTC: 10:00 London (open), 05:00 New York (closed) → 08:00 New York = 13:00 UTC, still open in London.
        Assert.That(Window.DeferUntil(new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.Zero), [London, NewYork]),
            Is.EqualTo(new DateTimeOffset(2026, 1, 15, 13, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void A_window_across_midnight_is_understood()
    {
        var night = new QuietHours(new TimeOnly(22, 0), new TimeOnly(6, 0));

        Assert.Multiple(() =>
        {
            Assert.That(night.IsAllowed(new DateTimeOffset(2026, 1, 15, 23, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc), Is.True);
            Assert.That(night.IsAllowed(new DateTimeOffset(2026, 1, 15, 5, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc), Is.True);
            Assert.That(night.DeferUntil(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero), [TimeZoneInfo.Utc]),
                Is.EqualTo(new DateTimeOffset(2026, 1, 15, 22, 0, 0, TimeSpan.Zero)));
        });
    }

    [TestCase("+447700900123", "Europe/London")]
    [TestCase("+12125550123", "America/New_York")]
    [TestCase("+13105550123", "America/Los_Angeles")]
    [TestCase("+81312345678", "Asia/Tokyo")]
    [TestCase("+33612345678", "Europe/Paris")]
    [TestCase("+447911123456", "Europe/London")]
    [TestCase("+99912345678901", "Pacific/Auckland")]
    [TestCase("+19999999999", "Pacific/Auckland")]
    public void The_recipient_zone_comes_from_the_number_or_the_default(string number, string zone) =>
        Assert.That(new RecipientTimeZones(TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland")).For(number).Select(z => z.Id),
            Does.Contain(zone));

    [TestCase(SmsCategory.Marketing, true)]
    [TestCase(SmsCategory.Transactional, false)]
    [TestCase(SmsCategory.Conversational, false)]
    [TestCase(SmsCategory.Compliance, false)]
    public void By_default_only_marketing_keeps_quiet_hours(SmsCategory category, bool deferred)
    {
        var policy = new QuietHoursPolicy(new QuietHoursOptions());
        var send = new SendSms { MessageId = Guid.NewGuid(), To = "+447700900123", Text = "x", Category = category, Origin = SmsOrigin.Compliance };

        Assert.That(policy.DeferUntil(send, new DateTimeOffset(2026, 1, 15, 23, 0, 0, TimeSpan.Zero)).HasValue, Is.EqualTo(deferred));
    }

    [Test]
    public void Transactional_sends_keep_quiet_hours_when_configured()
    {
        var policy = new QuietHoursPolicy(new QuietHoursOptions { Categories = [SmsCategory.Marketing, SmsCategory.Transactional] });
        var send = new SendSms { MessageId = Guid.NewGuid(), To = "+447700900123", Text = "x", Category = SmsCategory.Transactional };

        var deferral = policy.DeferUntil(send, new DateTimeOffset(2026, 1, 15, 23, 0, 0, TimeSpan.Zero));

        Assert.That(deferral?.Until, Is.EqualTo(new DateTimeOffset(2026, 1, 16, 8, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void A_contact_time_zone_replaces_the_zones_of_the_number()
    {
        var policy = new QuietHoursPolicy(new QuietHoursOptions());
        // A London number; its contact lives in Tokyo. 23:00 UTC is 23:00 in London and 08:00 in Tokyo.
        var send = new SendSms { MessageId = Guid.NewGuid(), To = "+447700900123", Text = "x", Category = SmsCategory.Marketing };
        var at = new DateTimeOffset(2026, 1, 15, 23, 0, 0, TimeSpan.Zero);

        Assert.Multiple(() =>
        {
            Assert.That(policy.DeferUntil(send, at), Is.Not.Null, "held by the number's zone");
            Assert.That(policy.DeferUntil(send, at, Tokyo), Is.Null, "the contact's zone decides");
            Assert.That(policy.DeferUntil(send, at.AddHours(-2), Tokyo)?.TimeZones, Is.EqualTo("Asia/Tokyo"));
        });
    }

    [TestCase("America/Los_Angeles", true)]
    [TestCase(" Europe/London ", true)]
    [TestCase("UTC", true)]
    [TestCase("Mars/Olympus_Mons", false)]
    [TestCase("Pacific Standard Time", false)] // a Windows id: not what we store
    [TestCase("", false)]
    [TestCase(null, false)]
    public void A_contact_time_zone_is_an_IANA_id_known_here(string? id, bool valid)
    {
        var parsed = ContactTimeZone.TryParse(id, out var zone, out var error);

        Assert.That(parsed, Is.EqualTo(valid));
        if (valid) Assert.That(zone!.Id, Is.EqualTo(id!.Trim()));
        else Assert.That(error, Does.Contain("IANA"));
    }
}
