using Sms.Ingress.Links;
using Sms.ServiceDefaults.Security;

namespace Sms.Ingress.Tests.Links;

public sealed class TrackedLinkRedirectTests
{
    private const string Key = "redirect-test-key";
    private const string Phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1";
    private static readonly Guid MessageId = Guid.Parse("0195a0b1-c2d3-7e4f-8a9b-0c1d2e3f4a5b");
    private static readonly Guid CampaignId = Guid.Parse("0195a0b1-0000-7000-8000-000000000001");
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly TrackedLinkReading Reading = new(42, TrackedLinkCode.RecipientKey(MessageId));

    [Test]
    public void A_person_opening_a_known_link_is_redirected_and_the_click_counted()
    {
        var answer = TrackedLinkRedirect.Decide(Reading, TrackedLinkLookup.Found(CampaignId, "https://shop.example/sale?a=1"), "GET", Phone, Now);

        Assert.Multiple(() =>
        {
            Assert.That(answer.Outcome, Is.EqualTo(TrackedLinkOutcome.Counted));
            Assert.That(answer.Location, Is.EqualTo("https://shop.example/sale?a=1"));
            Assert.That(answer.Click, Is.Not.Null);
            Assert.That(answer.Click!.LinkId, Is.EqualTo(42));
            Assert.That(answer.Click.CampaignId, Is.EqualTo(CampaignId));
            Assert.That(answer.Click.RecipientKey, Is.EqualTo("0195a0b1c2d37e4f"));
            Assert.That(answer.Click.ClickedAt, Is.EqualTo(Now));
        });
    }

    [TestCase("HEAD", Phone, TrackedLinkOutcome.Head)]
    [TestCase("GET", "facebookexternalhit/1.1 Facebot Twitterbot/1.0", TrackedLinkOutcome.Preview)]
    public void A_HEAD_or_a_preview_robot_is_redirected_without_a_click(string method, string userAgent, TrackedLinkOutcome expected)
    {
        var answer = TrackedLinkRedirect.Decide(Reading, TrackedLinkLookup.Found(CampaignId, "https://shop.example/"), method, userAgent, Now);

        Assert.Multiple(() =>
        {
            Assert.That(answer.Outcome, Is.EqualTo(expected));
            Assert.That(answer.Location, Is.EqualTo("https://shop.example/"));
            Assert.That(answer.Click, Is.Null);
        });
    }

    [Test]
    public void A_link_Campaigns_does_not_have_is_not_redirected() =>
        Assert.That(TrackedLinkRedirect.Decide(Reading, TrackedLinkLookup.NotFound, "GET", Phone, Now),
            Is.EqualTo(new TrackedLinkAnswer(TrackedLinkOutcome.Unknown, null, null)));

    [Test]
    public void A_link_Campaigns_could_not_be_asked_about_is_unavailable() =>
        Assert.That(TrackedLinkRedirect.Decide(Reading, TrackedLinkLookup.Unavailable, "GET", Phone, Now),
            Is.EqualTo(new TrackedLinkAnswer(TrackedLinkOutcome.Unavailable, null, null)));

    [TestCase("javascript:alert(1)")]
    [TestCase("data:text/html,<script>alert(1)</script>")]
    [TestCase("//evil.example/")]
    [TestCase("/l/other")]
    [TestCase("evil.example")]
    [TestCase("ftp://files.example/a")]
    [TestCase("file:///etc/passwd")]
    [TestCase("mailto:a@example.com")]
    [TestCase("http://")]
    [TestCase("https:///path")]
    [TestCase("")]
    [TestCase("   ")]
    public void An_address_that_is_not_absolute_http_or_https_is_never_redirected_to(string url)
    {
        var answer = TrackedLinkRedirect.Decide(Reading, TrackedLinkLookup.Found(CampaignId, url), "GET", Phone, Now);

        Assert.Multiple(() =>
        {
            Assert.That(answer.Outcome, Is.EqualTo(TrackedLinkOutcome.Unsafe));
            Assert.That(answer.Location, Is.Null);
            Assert.That(answer.Click, Is.Null, "no click for a link that leads nowhere");
        });
    }

    [TestCase("http://shop.example/", "http://shop.example/")]
    [TestCase("HTTPS://Shop.Example/Sale", "https://shop.example/Sale")]
    [TestCase("https://shop.example/a b?q=ü", "https://shop.example/a%20b?q=%C3%BC")]
    [TestCase("https://bücher.example/", "https://xn--bcher-kva.example/")]
    [TestCase("https://shop.example:8443/x#top", "https://shop.example:8443/x#top")]
    [TestCase("https://shop.example/a\r\nSet-Cookie: x=1", "https://shop.example/a%0D%0ASet-Cookie:%20x=1", TestName = "A line break is escaped, so no header can be added")]
    public void An_http_or_https_address_goes_into_Location_as_ASCII(string url, string location) =>
        Assert.That(TrackedLinkRedirect.SafeDestination(url), Is.EqualTo(location));

    [Test]
    public void A_code_is_read_only_with_a_signing_key()
    {
        var code = TrackedLinkCode.Issue(42, MessageId, Key);

        Assert.Multiple(() =>
        {
            Assert.That(TrackedLinkRedirect.Read(code, Key), Is.EqualTo(Reading));
            Assert.That(TrackedLinkRedirect.Read(code, null), Is.Null);
            Assert.That(TrackedLinkRedirect.Read(code, ""), Is.Null);
            Assert.That(TrackedLinkRedirect.Read(code, "another-key"), Is.Null);
        });
    }

    [TestCase("\0")]
    [TestCase("ü")]
    [TestCase("\uD800")]
    [TestCase("%ZZ")]
    [TestCase("a b")]
    [TestCase("====")]
    [TestCase("AAAAAAAAAAAAAAAAAAAAAAA")]
    [TestCase("../../etc/passwd")]
    public void Anything_but_a_code_signed_with_the_key_reads_as_nothing(string code) =>
        Assert.That(TrackedLinkRedirect.Read(code, Key), Is.Null);

    [TestCase(TrackedLinkOutcome.Counted, "counted")]
    [TestCase(TrackedLinkOutcome.ClickLost, "click_lost")]
    [TestCase(TrackedLinkOutcome.Unavailable, "unavailable")]
    public void Each_outcome_has_a_metric_tag(TrackedLinkOutcome outcome, string tag) =>
        Assert.That(outcome.Tag(), Is.EqualTo(tag));
}
