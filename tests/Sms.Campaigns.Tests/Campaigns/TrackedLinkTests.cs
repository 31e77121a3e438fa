using System.Text.RegularExpressions;
using Sms.Campaigns.Audience;
using Sms.Campaigns.Data;
using Sms.Campaigns.Tests.Support;
using Sms.Contracts.Campaigns;
using Sms.Contracts.Outbound;
using Sms.ServiceDefaults.Security;
using Sms.Testing;

namespace Sms.Campaigns.Tests.Campaigns;

/// <summary>
/// A campaign's tracked links on the real database (README, "Link clicks"): each recipient's send carries its own
/// signed link per destination, Ingress's question about a link is answered, a click counts for its recipient once,
/// and a segment selects who clicked.
/// </summary>
public sealed partial class TrackedLinkTests
{
    private const string Key = "a-test-link-signing-key";
    private const string Base = "https://go.example.com/l/";
    private const string Text = "Acme: spring sale at https://shop.example.com/spring, more at www.example.com/faq. Reply STOP to opt out";
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private ManualClock _clock = null!;
    private ConsumerHarness _harness = null!;
    private readonly List<Guid> _campaigns = [];

    [SetUp]
    public async Task StartAsync()
    {
        _clock = new ManualClock(Now);
        _harness = await CampaignsHarness.StartAsync(new ConsumerHarnessOptions
        {
            Clock = _clock,
            Settings = new Dictionary<string, string?> { [TrackedLinkCode.KeySetting] = Key, ["Campaigns:TrackedLinkBase"] = Base },
        });
    }

    [TearDown]
    public async Task StopAsync()
    {
        foreach (var id in _campaigns)
            await _harness.PublishAsync(new ChangeCampaignState { CampaignId = id, Action = CampaignAction.Cancel, RequestedBy = "test", RequestedAt = Now });
        _campaigns.Clear();
        await _harness.DisposeAsync();
    }

    /// <summary>A campaign of <see cref="Text"/> to <paramref name="count"/> new numbers, launched and dispatched once: its sends.</summary>
    private async Task<(Guid Id, IReadOnlyList<SendSms> Sends)> SentCampaignAsync(int count, string text = Text)
    {
        var id = Guid.NewGuid();
        _campaigns.Add(id);
        await _harness.PublishAsync(new CreateCampaign
        {
            CampaignId = id, Name = "links", Text = text, PacePerSecond = 100, Launch = true,
            Numbers = Enumerable.Range(0, count).Select(_ => new CampaignRecipientInput { Number = TestNumbers.Unique() }).ToList(),
            RequestedBy = "test", RequestedAt = Now,
        });
        _clock.Advance(TimeSpan.FromSeconds(1));
        await _harness.DispatchOnceAsync();
        var sends = _harness.Bus.Published.Select<SendSms>(p => p.Context.Message.CampaignId == id.ToString()).Select(p => p.Context.Message).ToList();
        Assert.That(sends, Has.Count.EqualTo(count), "every recipient was published in one round");
        return (id, sends);
    }

    private static IReadOnlyList<TrackedLinkReading> CodesIn(string text) =>
        TrackedUrl().Matches(text).Select(m => TrackedLinkCode.Read(m.Groups["code"].Value, Key)!).ToList();

    private async Task<T> ResolveAsync<T>(long linkId) where T : class
    {
        var client = _harness.Bus.GetRequestClient<ResolveTrackedLink>();
        var response = await client.GetResponse<TrackedLinkFound, TrackedLinkNotFound>(new ResolveTrackedLink { LinkId = linkId });
        Assert.That(response.Message, Is.InstanceOf<T>());
        return (T)response.Message;
    }

    private TrackedLinkClicked Click(Guid campaignId, TrackedLinkReading code, DateTimeOffset at) =>
        new() { LinkId = code.LinkId, CampaignId = campaignId, RecipientKey = code.RecipientKey, ClickedAt = at };

    [Test]
    public async Task Each_recipient_gets_their_own_signed_link_per_destination_and_the_text_around_them_unchanged()
    {
        var (_, sends) = await SentCampaignAsync(2);

        var first = CodesIn(sends[0].Text);
        var second = CodesIn(sends[1].Text);
        Assert.Multiple(() =>
        {
            Assert.That(first, Has.Count.EqualTo(2), sends[0].Text);
            Assert.That(first.Select(c => c.RecipientKey), Is.All.EqualTo(TrackedLinkCode.RecipientKey(sends[0].MessageId)));
            Assert.That(second.Select(c => c.RecipientKey), Is.All.EqualTo(TrackedLinkCode.RecipientKey(sends[1].MessageId)));
            Assert.That(second.Select(c => c.LinkId), Is.EqualTo(first.Select(c => c.LinkId)), "one link per destination, shared by the recipients");
            Assert.That(first[0].LinkId, Is.Not.EqualTo(first[1].LinkId));
            Assert.That(TrackedUrl().Replace(sends[0].Text, "<link>"),
                Is.EqualTo("Acme: spring sale at <link>, more at <link>. Reply STOP to opt out"), "the sentence's punctuation stays outside the link");
            Assert.That(sends[0].Text, Does.Not.Contain("shop.example.com"));
        });
    }

    [Test]
    public async Task Ingress_learns_where_each_link_leads_and_that_an_unknown_one_is_not_a_link()
    {
        var (id, sends) = await SentCampaignAsync(1);
        var codes = CodesIn(sends[0].Text);

        var shop = await ResolveAsync<TrackedLinkFound>(codes[0].LinkId);
        var faq = await ResolveAsync<TrackedLinkFound>(codes[1].LinkId);
        var unknown = await ResolveAsync<TrackedLinkNotFound>(long.MaxValue);

        Assert.Multiple(() =>
        {
            Assert.That((shop.CampaignId, shop.Url), Is.EqualTo((id, "https://shop.example.com/spring")));
            Assert.That(faq.Url, Is.EqualTo("https://www.example.com/faq"), "a link written without a scheme leads to https");
            Assert.That(unknown.LinkId, Is.EqualTo(long.MaxValue));
        });
    }

    [Test]
    public async Task A_click_counts_its_recipient_once_and_every_click_in_the_links_total()
    {
        var (id, sends) = await SentCampaignAsync(3);
        var clicker = CodesIn(sends[0].Text);

        await _harness.PublishAsync(Click(id, clicker[0], Now.AddMinutes(5)));
        await _harness.PublishAsync(Click(id, clicker[0], Now.AddMinutes(2))); // reported late: the earlier click is the first
        await _harness.PublishAsync(Click(id, clicker[1], Now.AddMinutes(9)));

        var counts = (await _harness.Get<CampaignResultsQuery>().CountAsync(id, CancellationToken.None))!;
        var clickedAt = await _harness.QueryAsync<DateTime?>(
            "SELECT clicked_at FROM campaigns.recipients WHERE campaign_id = @Id ORDER BY clicked_at NULLS LAST", new { Id = id });
        Assert.Multiple(() =>
        {
            Assert.That(counts.Clicks, Is.EqualTo(1));
            Assert.That(counts.Links, Is.EqualTo(new[]
            {
                new Sms.Campaigns.Campaigns.LinkResult(1, "https://shop.example.com/spring", 1, 2),
                new Sms.Campaigns.Campaigns.LinkResult(2, "https://www.example.com/faq", 1, 1),
            }));
            Assert.That(clickedAt, Is.EqualTo(new DateTime?[] { Now.AddMinutes(2).UtcDateTime, null, null }));
        });
    }

    [Test]
    public async Task A_click_for_no_recipient_of_the_campaign_is_not_recorded()
    {
        var (id, sends) = await SentCampaignAsync(1);
        var (other, _) = await SentCampaignAsync(1);
        var code = CodesIn(sends[0].Text)[0];

        await _harness.PublishAsync(Click(id, code with { RecipientKey = "00000000deadbeef" }, Now));
        await _harness.PublishAsync(Click(other, code, Now)); // the link is not the other campaign's

        Assert.Multiple(async () =>
        {
            Assert.That((await _harness.Get<CampaignResultsQuery>().CountAsync(id, CancellationToken.None))!.Clicks, Is.Zero);
            Assert.That((await _harness.Get<CampaignResultsQuery>().CountAsync(other, CancellationToken.None))!.Clicks, Is.Zero);
            Assert.That(await _harness.ScalarAsync<long>("SELECT count(*) FROM campaigns.link_clicks WHERE link_id = @LinkId", new { code.LinkId }), Is.Zero);
        });
    }

    [Test]
    public async Task A_segment_selects_the_recipients_who_clicked_and_those_who_did_not()
    {
        var (id, sends) = await SentCampaignAsync(3);
        foreach (var send in sends)
        {
            await _harness.DataSource.AddContactAsync(send.To);
            await _harness.PublishAsync(CampaignsHarness.Sent(send, Now.AddSeconds(2)));
        }
        await _harness.PublishAsync(Click(id, CodesIn(sends[1].Text)[1], Now.AddMinutes(1)));

        async Task<long> CountAsync(CampaignOutcome outcome) =>
            (await _harness.Get<SegmentStore>().PreviewAsync(
                new SegmentDefinition { Campaigns = [new CampaignCondition { CampaignId = id, Outcome = outcome }] },
                new Dictionary<Guid, SegmentDefinition>(), "default", Now.AddHours(1), CancellationToken.None)).Count;

        Assert.Multiple(async () =>
        {
            Assert.That(await CountAsync(CampaignOutcome.Received), Is.EqualTo(3));
            Assert.That(await CountAsync(CampaignOutcome.Clicked), Is.EqualTo(1));
            Assert.That(await CountAsync(CampaignOutcome.NotClicked), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task The_compose_count_measures_each_link_as_long_as_it_goes_out_give_or_take_the_headroom()
    {
        var tracking = _harness.Get<Sms.Campaigns.Content.LinkTracking>();
        var composed = Sms.Campaigns.Content.ComposedText.Of(Text, SmsCategory.Marketing, _harness.Get<Sms.Campaigns.Content.ContentCheck>(),
            tracking, await _harness.Get<LinkStore>().NewestIdAsync(CancellationToken.None));

        var (_, sends) = await SentCampaignAsync(1);

        Assert.Multiple(() =>
        {
            Assert.That(composed.TrackedLinks, Has.Count.EqualTo(2));
            Assert.That(composed.Characters, Is.InRange(sends[0].Text.Length, sends[0].Text.Length + 2 * 3),
                "each code measured at most 3 characters longer than it is sent: " + sends[0].Text);
            Assert.That(composed.Segments, Is.EqualTo(Sms.Carriers.Segments.SmsSegments.Measure(sends[0].Text).Segments));
        });
    }

    [Test]
    public async Task A_text_without_links_stores_none_and_goes_as_written()
    {
        var (id, sends) = await SentCampaignAsync(1, "Acme: sale today. Reply STOP to opt out");

        Assert.Multiple(async () =>
        {
            Assert.That(sends[0].Text, Is.EqualTo("Acme: sale today. Reply STOP to opt out"));
            Assert.That(await _harness.ScalarAsync<long>("SELECT count(*) FROM campaigns.links WHERE campaign_id = @Id", new { Id = id }), Is.Zero);
        });
    }

    [GeneratedRegex(@"https://go\.example\.com/l/(?<code>[A-Za-z0-9_-]+)")]
    private static partial Regex TrackedUrl();
}
