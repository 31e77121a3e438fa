using Sms.Campaigns.Content;
using Sms.Contracts.Outbound;

namespace Sms.Campaigns.Tests.Content;

/// <summary>Each warning of the pre-launch content check, and none on a clean text.</summary>
public sealed class ContentCheckTests
{
    private const string Clean = "Acme Shoes: 20% off new arrivals this weekend at https://go.acme.example/sale. Reply STOP to opt out.";

    private static readonly ContentCheck Check = new("Acme Shoes", ["acme.example"]);

    private static IReadOnlyList<ContentWarning> Warnings(string text, SmsCategory category = SmsCategory.Marketing) => Check.Check(text, category);

    private static IEnumerable<string> Codes(string text, SmsCategory category = SmsCategory.Marketing) => Warnings(text, category).Select(w => w.Code);

    [Test]
    public void A_clean_marketing_text_has_no_warning()
    {
        Assert.That(Warnings(Clean), Is.Empty);
    }

    [TestCase("20% off this weekend. Reply STOP to opt out.")]
    [TestCase("ACME 20% off. Reply STOP to opt out.")]
    public void A_text_that_does_not_name_the_brand(string text)
    {
        var warning = Warnings(text).Single();

        Assert.Multiple(() =>
        {
            Assert.That(warning.Code, Is.EqualTo("brand_missing"));
            Assert.That(warning.Message, Does.Contain("Acme Shoes"));
        });
    }

    [Test]
    public void The_brand_is_found_ignoring_case_and_spacing()
    {
        Assert.That(Codes("ACME  shoes: 20% off. Reply STOP to opt out."), Is.Empty);
    }

    [Test]
    public void No_brand_configured_means_no_brand_check()
    {
        Assert.That(new ContentCheck(null, []).Check("20% off. Reply STOP to opt out.", SmsCategory.Marketing), Is.Empty);
    }

    [Test]
    public void Marketing_text_without_opt_out_language()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Codes("Acme Shoes: 20% off this weekend."), Is.EqualTo(new[] { "opt_out_missing" }));
            Assert.That(Codes("Acme Shoes: your order shipped.", SmsCategory.Transactional), Is.Empty, "only marketing needs it");
            Assert.That(Codes("Acme Shoes: we stopped the sale, reply to this text."), Is.EqualTo(new[] { "opt_out_missing" }),
                "STOP alone is not the opt-out instruction");
        });
    }

    [TestCase("Reply STOP to opt out")]
    [TestCase("reply stop to unsubscribe")]
    [TestCase("Text STOP to end")]
    [TestCase("Txt STOP to cancel")]
    [TestCase("Reply \"STOP\" to opt-out")]
    [TestCase("Send UNSUBSCRIBE to stop these texts")]
    [TestCase("STOP to opt out")]
    [TestCase("Stop2End")]
    [TestCase("Opt out: reply STOP")]
    [TestCase("Respond with END to stop")]
    public void Opt_out_language_in_its_variants(string language)
    {
        Assert.That(ContentCheck.HasOptOutLanguage("Acme Shoes: 20% off. " + language), Is.True);
    }

    [TestCase("bit.ly/3xYz")]
    [TestCase("https://bit.ly/3xYz")]
    [TestCase("http://tinyurl.com/abc")]
    [TestCase("goo.gl/abc")]
    [TestCase("https://t.co/abc")]
    [TestCase("ow.ly")]
    [TestCase("is.gd/x")]
    [TestCase("https://buff.ly/x")]
    [TestCase("cutt.ly/x")]
    [TestCase("rebrand.ly/x")]
    [TestCase("www.shorturl.at/x")]
    public void A_link_on_a_public_shortener(string link)
    {
        var warning = Warnings($"Acme Shoes: see {link} now. Reply STOP to opt out.").Single();

        Assert.Multiple(() =>
        {
            Assert.That(warning.Code, Is.EqualTo("link_shortener"));
            Assert.That(warning.Matched, Is.EqualTo(link.Split("://").Last().Split('/')[0].Replace("www.", "", StringComparison.Ordinal)));
        });
    }

    [Test]
    public void A_link_outside_the_platforms_domains_and_not_on_a_subdomain_of_one()
    {
        Assert.Multiple(() =>
        {
            var warning = Warnings("Acme Shoes: see https://shop.other.example/x. Reply STOP to opt out.").Single();
            Assert.That((warning.Code, warning.Matched), Is.EqualTo(("link_domain", "shop.other.example")));
            Assert.That(Codes("Acme Shoes: acme.example/x or www.acme.example or links.acme.example/y. Reply STOP to opt out."), Is.Empty);
            Assert.That(Codes("Acme Shoes: notacme.example/x. Reply STOP to opt out."), Is.EqualTo(new[] { "link_domain" }));
        });
    }

    [Test]
    public void A_tracked_link_goes_out_on_the_tracking_host_so_only_a_shortener_is_still_warned_of()
    {
        var tracked = new ContentCheck("Acme Shoes", ["acme.example"], new LinkTracking("https://go.acme.example/l/", "a-key"));

        Assert.Multiple(() =>
        {
            Assert.That(tracked.Check("Acme Shoes: see https://shop.other.example/x. Reply STOP to opt out.", SmsCategory.Marketing), Is.Empty);
            Assert.That(tracked.Check("Acme Shoes: see https://bit.ly/x. Reply STOP to opt out.", SmsCategory.Marketing).Select(w => w.Code),
                Is.EqualTo(new[] { "link_shortener" }), "a carrier may follow the redirect to the shortener");
            Assert.That(tracked.Check("Acme Shoes: see https://shop.other.example/x?c={code|none}. Reply STOP to opt out.", SmsCategory.Marketing)
                .Select(w => w.Code), Is.EqualTo(new[] { "link_domain" }), "a link with a placeholder goes as written, untracked");
        });
    }

    [Test]
    public void Words_with_dots_that_are_no_links_are_not_taken_for_links()
    {
        Assert.That(Codes("Acme Shoes: e.g. sizes 5.5 to 12, mail us at help@acme.org. Reply STOP to opt out."), Is.Empty);
    }

    [TestCase("sex", "Sexy new styles")]
    [TestCase("hate", "No nazi symbols")]
    [TestCase("alcohol", "Free BEER with every pair")]
    [TestCase("alcohol", "Happy  hour prices")]
    [TestCase("firearms", "Shoes for the gun show")]
    [TestCase("tobacco", "Vape with us")]
    [TestCase("tobacco", "CBD-infused insoles")]
    [TestCase("tobacco", "Cannabis leaf prints")]
    public void A_word_of_a_SHAFT_category_is_flagged_with_its_category(string category, string words)
    {
        var warning = Warnings($"Acme Shoes: {words}. Reply STOP to opt out.").Single();

        Assert.Multiple(() =>
        {
            Assert.That(warning.Code, Is.EqualTo("shaft_" + category));
            Assert.That(warning.Message, Does.Contain(category));
            Assert.That(words.ToLowerInvariant(), Does.Contain(warning.Matched!.Split(' ')[0]));
        });
    }

    [TestCase("Ginger trainers in Sussex")]
    [TestCase("Begun at last: the gunmetal range")]
    [TestCase("Wineberry red laces")]
    public void A_SHAFT_word_inside_another_word_is_not_flagged(string words)
    {
        Assert.That(Codes($"Acme Shoes: {words}. Reply STOP to opt out."), Is.Empty);
    }

    [Test]
    public void A_placeholder_without_a_fallback_is_warned_of_once()
    {
        var warning = Warnings("Acme Shoes: hi {first_name}, {first_name}! {city|your city}. Reply STOP to opt out.").Single();

        Assert.That((warning.Code, warning.Matched), Is.EqualTo(("placeholder_without_fallback", "{first_name}")));
    }

    [Test]
    public void Every_warning_at_once_each_with_a_message()
    {
        var warnings = Warnings("Cheap whiskey at bit.ly/x and other.example/y, {first_name}");

        Assert.Multiple(() =>
        {
            Assert.That(warnings.Select(w => w.Code), Is.EqualTo(new[]
            {
                "brand_missing", "opt_out_missing", "link_shortener", "link_domain", "shaft_alcohol", "placeholder_without_fallback",
            }));
            Assert.That(warnings.Select(w => w.Message), Has.All.Length.GreaterThan(20));
        });
    }
}
