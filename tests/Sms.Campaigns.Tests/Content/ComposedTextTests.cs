using Sms.Campaigns.Content;
using Sms.Contracts.Outbound;

namespace Sms.Campaigns.Tests.Content;

/// <summary>The compose screen's counter: segments and encoding as the carriers bill them, on the longest rendering.</summary>
public sealed class ComposedTextTests
{
    private static readonly ContentCheck Check = new("Acme", []);
    private static readonly LinkTracking Off = new(null, null);

    [Test]
    public void A_GSM_7_text_of_160_characters_is_one_segment_and_161_are_two()
    {
        var one = ComposedText.Of("Acme " + new string('a', 155), SmsCategory.Transactional, Check, Off, 0);
        var two = ComposedText.Of("Acme " + new string('a', 156), SmsCategory.Transactional, Check, Off, 0);

        Assert.Multiple(() =>
        {
            Assert.That((one.Characters, one.Segments, one.Encoding), Is.EqualTo((160, 1, "gsm7")));
            Assert.That((two.Characters, two.Segments, two.Encoding), Is.EqualTo((161, 2, "gsm7")));
        });
    }

    [Test]
    public void An_emoji_makes_the_text_UCS_2_with_70_units_a_segment()
    {
        var text = "Acme " + new string('a', 63) + "👟";
        var composed = ComposedText.Of(text, SmsCategory.Transactional, Check, Off, 0);
        var longer = ComposedText.Of(text + "!", SmsCategory.Transactional, Check, Off, 0);

        Assert.Multiple(() =>
        {
            Assert.That((composed.Characters, composed.Segments, composed.Encoding), Is.EqualTo((69, 1, "ucs2")),
                "the emoji is one character but two UTF-16 units: 70 units");
            Assert.That((longer.Segments, longer.Encoding), Is.EqualTo((2, "ucs2")));
        });
    }

    [Test]
    public void Placeholders_are_counted_at_their_longest_fallback()
    {
        var composed = ComposedText.Of("Acme: hi {first_name|there}, {first_name|wonderful customer}", SmsCategory.Transactional, Check, Off, 0);

        Assert.Multiple(() =>
        {
            Assert.That(composed.Measured, Is.EqualTo("Acme: hi wonderful customer, wonderful customer"));
            Assert.That(composed.Characters, Is.EqualTo(composed.Measured.Length));
            Assert.That(composed.Placeholders.Select(p => p.Fallback), Is.EqualTo(new[] { "there", "wonderful customer" }));
            Assert.That(composed.Warnings, Is.Empty);
        });
    }

    [Test]
    public void The_content_checks_warnings_come_with_the_count()
    {
        var composed = ComposedText.Of("Sale at bit.ly/x", SmsCategory.Marketing, Check, Off, 0);

        Assert.That(composed.Warnings.Select(w => w.Code), Is.EqualTo(new[] { "brand_missing", "opt_out_missing", "link_shortener" }));
    }

    [Test]
    public void A_tracked_link_is_counted_as_long_as_the_link_it_will_go_out_as()
    {
        var tracking = new LinkTracking("https://go.acme.example/l/", "a-key");
        var text = "Acme: spring sale at https://shop.acme.example/spring?utm=sms. Reply STOP to opt out";

        var composed = ComposedText.Of(text, SmsCategory.Marketing, new ContentCheck("Acme", [], tracking), tracking, newestLinkId: 120_000);

        // Link 130,000 (the newest and room for 10,000 more) has a code of 23 characters.
        Assert.Multiple(() =>
        {
            Assert.That(composed.TrackedLinks, Is.EqualTo(new[] { "https://shop.acme.example/spring?utm=sms" }));
            Assert.That(composed.Measured, Is.EqualTo(
                "Acme: spring sale at https://go.acme.example/l/" + new string('x', 23) + ". Reply STOP to opt out"));
            Assert.That(composed.Warnings, Is.Empty, "the link goes out on the tracking host, not the shop's");
            Assert.That(ComposedText.Of(text, SmsCategory.Marketing, Check, Off, 0).TrackedLinks, Is.Empty);
        });
    }
}
