using System.Net;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Sms.Contracts.Campaigns;
using Sms.Ingress.Links;
using Sms.Ingress.Tests.Support;
using Sms.Ingress.Extensions;
using Sms.ServiceDefaults.Security;
using Sms.Testing;

namespace Sms.Ingress.Tests.Http;

/// <summary>
/// A campaign's tracked link opened at the ingress (<c>/l/{code}</c>), through the ingress's own wiring: the test
/// harness's bus, with <see cref="CampaignsLinksStandIn"/> answering <see cref="ResolveTrackedLink"/> as Campaigns does.
/// </summary>
public sealed class TrackedLinkTests : IngressTest
{
    private const string Key = "ingress-test-link-signing-key";
    private const string Phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1";
    private const string Destination = "https://shop.example/spring-sale?utm_source=sms";
    private static readonly Guid CampaignId = Guid.Parse("0195a0b1-0000-7000-8000-0000000000c1");

    private CampaignsLinksStandIn campaigns = null!;

    /// <summary>NUnit keeps one instance of the class for all its tests: each gets a Campaigns of its own.</summary>
    [SetUp]
    public void NewCampaigns() => campaigns = new CampaignsLinksStandIn();

    /// <summary>An ingress that serves tracked links signed with <see cref="Key"/>, Campaigns' side answered by <see cref="campaigns"/>.</summary>
    private IngressApplication LinkIngress(IReadOnlyDictionary<string, string?>? settings = null, bool campaignsAnswers = true)
    {
        var all = new Dictionary<string, string?> { [TrackedLinkCode.KeySetting] = Key };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return Ingress(all, bus =>
        {
            if (campaignsAnswers) campaigns.Register(bus);
        });
    }

    /// <summary>A client that does not follow redirects: the 302 is what the test looks at.</summary>
    private HttpClient ClientOf(IngressApplication application) =>
        Track(application.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));

    /// <summary>The outcomes counted in <c>sms.ingress.tracked_links.requests</c> while the test runs.</summary>
    private static IEnumerable<string?> CountedOutcomes(RecordedCounter counter) => counter.Recorded.Select(m => m["outcome"] as string);

    private static Task<HttpResponseMessage> OpenAsync(HttpClient client, string code, string method = "GET", string? userAgent = Phone)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), "/l/" + code);
        if (userAgent is not null) request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        return client.SendAsync(request);
    }

    private static async Task AssertNotValidAsync(HttpResponseMessage response)
    {
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("This link is not valid."));
            Assert.That(response.Headers.Location, Is.Null);
        });
    }

    [Test]
    public async Task A_customer_opening_a_link_is_redirected_to_its_address_and_one_click_is_published()
    {
        var application = LinkIngress();
        campaigns.Add(7, CampaignId, Destination);
        var messageId = Guid.CreateVersion7();

        using var response = await OpenAsync(ClientOf(application), TrackedLinkCode.Issue(7, messageId, Key));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Found));
            Assert.That(response.Headers.Location, Is.EqualTo(new Uri(Destination)));
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
            Assert.That(response.Headers.GetValues("Referrer-Policy"), Is.EqualTo(new[] { "no-referrer" }));
        });
        var click = application.Published<TrackedLinkClicked>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(click.LinkId, Is.EqualTo(7));
            Assert.That(click.CampaignId, Is.EqualTo(CampaignId));
            Assert.That(click.RecipientKey, Is.EqualTo(TrackedLinkCode.RecipientKey(messageId)));
            Assert.That(click.ClickedAt, Is.EqualTo(application.Clock.GetUtcNow()));
        });
    }

    [Test]
    public async Task Campaigns_is_asked_where_a_link_leads_once_however_often_and_by_whom_it_is_opened()
    {
        var application = LinkIngress();
        campaigns.Add(8, CampaignId, Destination);
        var client = ClientOf(application);
        var first = Guid.CreateVersion7();
        var second = Guid.CreateVersion7();

        using var once = await OpenAsync(client, TrackedLinkCode.Issue(8, first, Key));
        using var twice = await OpenAsync(client, TrackedLinkCode.Issue(8, first, Key));
        using var byAnother = await OpenAsync(client, TrackedLinkCode.Issue(8, second, Key));

        Assert.Multiple(() =>
        {
            Assert.That(new[] { once.StatusCode, twice.StatusCode, byAnother.StatusCode }, Is.All.EqualTo(HttpStatusCode.Found));
            Assert.That(campaigns.Asked, Is.EqualTo(new long[] { 8 }));
            Assert.That(application.Published<TrackedLinkClicked>().Select(c => c.RecipientKey), Is.EqualTo(new[]
            {
                TrackedLinkCode.RecipientKey(first), TrackedLinkCode.RecipientKey(first), TrackedLinkCode.RecipientKey(second),
            }), "every click is published; Campaigns counts each recipient once");
        });
    }

    [TestCase("HEAD", Phone, TestName = "A HEAD request")]
    [TestCase("GET", "facebookexternalhit/1.1 Facebot Twitterbot/1.0", TestName = "Apple Messages drawing the preview")]
    [TestCase("GET", "WhatsApp/2.23.20.0 A", TestName = "WhatsApp drawing the preview")]
    public async Task A_link_fetched_without_being_opened_is_redirected_but_no_click_is_published(string method, string userAgent)
    {
        var application = LinkIngress();
        campaigns.Add(9, CampaignId, Destination);
        using var counter = Track(new RecordedCounter(IngressMetrics.LinkRequestsName));

        using var response = await OpenAsync(ClientOf(application), TrackedLinkCode.Issue(9, Guid.CreateVersion7(), Key), method, userAgent);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Found));
            Assert.That(response.Headers.Location, Is.EqualTo(new Uri(Destination)));
            Assert.That(application.Published<TrackedLinkClicked>(), Is.Empty);
            Assert.That(CountedOutcomes(counter), Is.EqualTo(new[] { method == "HEAD" ? "head" : "preview" }));
        });
    }

    [TestCase("changed", TestName = "A code with a character changed")]
    [TestCase("other-key", TestName = "A code signed with another key")]
    [TestCase("garbage", TestName = "A made-up code")]
    [TestCase("too-long", TestName = "A very long code")]
    public async Task A_code_not_signed_with_the_key_is_answered_404_without_asking_Campaigns(string kind)
    {
        var application = LinkIngress();
        campaigns.Add(10, CampaignId, Destination);
        var valid = TrackedLinkCode.Issue(10, Guid.CreateVersion7(), Key);
        var code = kind switch
        {
            "changed" => valid[..5] + (valid[5] == 'A' ? 'B' : 'A') + valid[6..],
            "other-key" => TrackedLinkCode.Issue(10, Guid.CreateVersion7(), "another-deployment-key"),
            "garbage" => "not-a-code",
            _ => new string('A', 2000),
        };

        using var response = await OpenAsync(ClientOf(application), code);

        await AssertNotValidAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(campaigns.Asked, Is.Empty);
            Assert.That(application.Published<TrackedLinkClicked>(), Is.Empty);
        });
    }

    [Test]
    public async Task A_link_Campaigns_does_not_have_is_answered_404_and_the_answer_is_kept_for_a_while()
    {
        var application = LinkIngress();
        var client = ClientOf(application);
        var code = TrackedLinkCode.Issue(11, Guid.CreateVersion7(), Key);

        using var first = await OpenAsync(client, code);
        using var again = await OpenAsync(client, code);

        await AssertNotValidAsync(first);
        await AssertNotValidAsync(again);
        Assert.Multiple(() =>
        {
            Assert.That(campaigns.Asked, Is.EqualTo(new long[] { 11 }));
            Assert.That(application.Published<TrackedLinkClicked>(), Is.Empty);
        });
    }

    [TestCase("javascript:alert(document.cookie)")]
    [TestCase("//evil.example/phish")]
    [TestCase("ftp://files.example/a")]
    public async Task A_link_whose_address_is_not_http_or_https_is_answered_404(string url)
    {
        var application = LinkIngress();
        campaigns.Add(12, CampaignId, url);

        using var response = await OpenAsync(ClientOf(application), TrackedLinkCode.Issue(12, Guid.CreateVersion7(), Key));

        await AssertNotValidAsync(response);
        Assert.That(application.Published<TrackedLinkClicked>(), Is.Empty);
    }

    [Test]
    public async Task A_link_Campaigns_does_not_answer_for_is_answered_503_within_the_timeout()
    {
        var application = LinkIngress(new Dictionary<string, string?> { ["Links:ResolveTimeout"] = "00:00:00.300" }, campaignsAnswers: false);
        var client = ClientOf(application);
        var started = DateTimeOffset.UtcNow;

        using var response = await OpenAsync(client, TrackedLinkCode.Issue(13, Guid.CreateVersion7(), Key));

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("This link cannot be opened right now; try again in a moment."));
            Assert.That(DateTimeOffset.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(5)), "the resolve timeout bounds the request");
            Assert.That(application.Published<TrackedLinkClicked>(), Is.Empty);
        });
    }

    [Test]
    public async Task A_click_the_broker_refuses_still_takes_the_customer_to_the_page()
    {
        campaigns.Add(14, CampaignId, Destination);
        var application = IngressWithBroker(
            context => context is PublishContext<TrackedLinkClicked> ? Refuse() : Task.CompletedTask,
            settings: new Dictionary<string, string?> { [TrackedLinkCode.KeySetting] = Key },
            configureBus: campaigns.Register);
        using var counter = Track(new RecordedCounter(IngressMetrics.LinkRequestsName));

        using var response = await OpenAsync(ClientOf(application), TrackedLinkCode.Issue(14, Guid.CreateVersion7(), Key));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Found));
            Assert.That(response.Headers.Location, Is.EqualTo(new Uri(Destination)));
            Assert.That(campaigns.Asked, Is.EqualTo(new long[] { 14 }), "Campaigns was asked over the same broker");
            Assert.That(CountedOutcomes(counter), Is.EqualTo(new[] { "click_lost" }));
        });
    }

    [Test]
    public async Task Without_a_signing_key_every_link_is_answered_404()
    {
        var application = LinkIngress(new Dictionary<string, string?> { [TrackedLinkCode.KeySetting] = null });
        campaigns.Add(15, CampaignId, Destination);

        using var response = await OpenAsync(ClientOf(application), TrackedLinkCode.Issue(15, Guid.CreateVersion7(), Key));

        await AssertNotValidAsync(response);
        Assert.That(campaigns.Asked, Is.Empty);
    }
}
