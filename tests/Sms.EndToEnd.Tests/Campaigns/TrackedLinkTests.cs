using System.Net;
using System.Text.RegularExpressions;
using static Sms.EndToEnd.Tests.Campaigns.CampaignScenario;

namespace Sms.EndToEnd.Tests.Campaigns;

/// <summary>
/// A campaign's link, followed, over the real processes (README, "Link clicks"): each recipient's text carries a
/// tracked link on the ingress; opening it redirects to the shop and counts in the campaign's results, a link-preview
/// robot's fetch and a tampered code do not; a follow-up to the segment of the recipients who clicked is planned for
/// exactly them (and Compliance's frequency cap holds it back: a second marketing message within 16 hours).
/// </summary>
[TestFixture]
public sealed partial class TrackedLinkTests : PlatformTests
{
    private const string Shop = "https://shop.example.com/spring?utm=sms";

    private static readonly HttpClient Phone = new(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };

    private static async Task<HttpResponseMessage> OpenAsync(string link, string userAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, link);
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        return await Phone.SendAsync(request);
    }

    private static string TrackedLinkIn(string text)
    {
        var match = Regex.Match(text, Regex.Escape(Platform.Ingress.BaseAddress!.ToString().TrimEnd('/')) + "/l/[A-Za-z0-9_-]+");
        Assert.That(match.Success, Is.True, $"a tracked link on the ingress in: {text}");
        return match.Value;
    }

    [Test]
    public async Task A_click_on_a_campaigns_link_reaches_the_shop_counts_once_and_selects_its_recipient_for_the_next_campaign()
    {
        var label = UniqueLabel("links");
        var zone = ZoneWhereItIsNow(14);
        var clicker = Customer;
        var previewed = Platform.NewCustomerNumber();
        await ContactAsync(clicker, label, name: "Ada Lovelace", timeZone: zone);
        await ContactAsync(previewed, label, name: "Brian Kernighan", timeZone: zone);
        await PreviewUntilAsync(new { labelsAll = new[] { label } }, expected: 2);

        var spring = await DraftAsync(new
        {
            name = $"Spring {label}", segmentId = await SegmentAsync($"Spring {label}", new { labelsAll = new[] { label } }), pacePerSecond = 50,
            text = $"Acme: hi {{first_name|there}}, the spring sale is on at {Shop}. Reply STOP to opt out",
        });
        await ActAsync(spring, "launch");
        await ResultsUntilAsync(spring, r => r.Status == "completed" && r.Sent == 2, "Both sends reaching the carrier");
        var toClicker = (await Eventually.MatchesAsync(() => CarrierMessagesToAsync(clicker), m => m.Count == 1, "The campaign reaching Ada")).Single().Text;
        var toPreviewed = (await Eventually.MatchesAsync(() => CarrierMessagesToAsync(previewed), m => m.Count == 1, "The campaign reaching Brian")).Single().Text;
        var link = TrackedLinkIn(toClicker);

        using var preview = await OpenAsync(TrackedLinkIn(toPreviewed), "facebookexternalhit/1.1 Facebot Twitterbot/1.0");
        using var tampered = await OpenAsync(link[..^2] + (link[^2] == 'A' ? "BA" : "AA"));
        using var opened = await OpenAsync(link);
        using var openedAgain = await OpenAsync(link);
        var results = await ResultsUntilAsync(spring, r => r.Clicks == 1 && r.Links.Single().Clicks == 2, "Ada's two clicks counted");

        var clickers = await PreviewUntilAsync(new { campaigns = new[] { new { campaignId = spring, outcome = "Clicked" } } }, expected: 1);
        var followUp = await DraftAsync(new
        {
            name = $"Follow-up {label}", pacePerSecond = 50,
            segmentId = await SegmentAsync($"Clicked {label}", new { campaigns = new[] { new { campaignId = spring, outcome = "Clicked" } } }),
            text = "Acme: still thinking it over? 10% more off today only. Reply STOP to opt out",
        });
        await ActAsync(followUp, "launch");
        var followed = await ResultsUntilAsync(followUp, r => r.Status == "completed", "The follow-up decided for its recipients");
        var clickerFollowUp = await RecipientAsync(followUp, clicker);
        var previewedFollowUp = await RecipientStatusAsync(followUp, previewed);

        Assert.Multiple(() =>
        {
            Assert.That(toClicker, Does.StartWith("Acme: hi Ada, the spring sale is on at ").And.EndWith(". Reply STOP to opt out"));
            Assert.That(toClicker, Does.Not.Contain("shop.example.com"), "the shop's address goes out only behind the tracked link");
            Assert.That(TrackedLinkIn(toPreviewed), Is.Not.EqualTo(link), "each recipient has a link of their own");
            Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Found));
            Assert.That(opened.Headers.Location, Is.EqualTo(new Uri(Shop)));
            Assert.That(openedAgain.Headers.Location, Is.EqualTo(new Uri(Shop)));
            Assert.That(preview.StatusCode, Is.EqualTo(HttpStatusCode.Found), "a preview robot is shown the page");
            Assert.That(tampered.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(results.Clicks, Is.EqualTo(1), "the preview robot's fetch is no click: " + results);
            Assert.That(results.ClickRate, Is.EqualTo(0.5));
            Assert.That(results.Links.Single(), Is.EqualTo(new LinkResult(1, Shop, 1, 2)));
            Assert.That(clickers.Count, Is.EqualTo(1));
            Assert.That(followed.Recipients, Is.EqualTo(1), followed.ToString());
            Assert.That((clickerFollowUp.State, clickerFollowUp.Reason), Is.EqualTo(("suppressed", "frequency_capped")),
                "Ada is the follow-up's recipient, and the cap keeps a second marketing text within 16 hours from her");
            Assert.That(previewedFollowUp, Is.EqualTo(HttpStatusCode.NotFound), "who did not click is no recipient of the follow-up");
        });
    }
}
