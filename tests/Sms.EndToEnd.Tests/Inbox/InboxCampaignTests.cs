using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Sms.EndToEnd.Tests.Inbox;

/// <summary>
/// The Campaigns page as an admin meets it (README, "The Campaigns page"): the page gets a pass from Conversations and
/// calls Campaigns with it across origins; the admin builds a segment of this test's own three contacts (a unique
/// attribute set through Conversations' contacts API, marketing consent through Compliance's opt-in), sees the preview
/// count, writes the text with its segment counter, dry-runs it, launches it, watches the progress bar reach the end
/// and reads the results, while the carrier receives one text per contact; one contact's reply shows in the chart, and
/// another's tap on the text's link in the results' clicks (README, "Link clicks").
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class InboxCampaignTests : InboxBrowserTests
{
    private const string BatchAttribute = "campaign_batch";

    /// <summary>Express marketing consent in a zone where it is day now, so quiet hours defer nothing.</summary>
    private static async Task OptInToMarketingAsync(string customer)
    {
        var zone = new[] { "Europe/London", "America/New_York", "America/Los_Angeles", "Asia/Tokyo", "Asia/Kolkata", "Australia/Sydney" }
            .First(id => TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(id)).Hour is >= 10 and < 18);
        using var response = await Platform.Compliance.PostAsJsonAsync($"/v1/consent/{Uri.EscapeDataString(customer)}/opt-in",
            new { expressConsent = true, evidence = "Ticked the marketing box on the e2e campaign form", timeZone = zone });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    /// <summary>How many of the batch Campaigns' own copy of the contacts knows, with their marketing consent.</summary>
    private static async Task<int> ReadyInCampaignsAsync(string batch)
    {
        await using var connection = await Platform.Postgres.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>(
            """
            SELECT count(*) FROM campaigns.contacts c
            WHERE c.attributes->>@attribute = @batch
              AND EXISTS (SELECT 1 FROM campaigns.contact_consents k WHERE k.number = c.number AND k.purpose = 'marketing' AND k.state = 'opted_in')
            """, new { attribute = BatchAttribute, batch });
    }

    [Test]
    public async Task An_admin_builds_a_segment_dry_runs_launches_and_watches_a_campaign()
    {
        var batch = "e2e" + Guid.NewGuid().ToString("N")[..10];
        var customers = Enumerable.Range(0, 3).Select(_ => Platform.NewCustomerNumber()).ToList();
        for (var i = 0; i < customers.Count; i++)
        {
            using var contact = await Platform.Conversations.PutAsJsonAsync($"/v1/contacts/{Uri.EscapeDataString(customers[i])}",
                new { name = $"Camper {i + 1}", attributes = new Dictionary<string, string> { [BatchAttribute] = batch } });
            Assert.That(contact.StatusCode, Is.EqualTo(HttpStatusCode.OK), await contact.Content.ReadAsStringAsync());
            await OptInToMarketingAsync(customers[i]);
        }
        await Eventually.MatchesAsync(() => ReadyInCampaignsAsync(batch), n => n == customers.Count,
            "The contacts and their consent reaching Campaigns' projection", TimeSpan.FromSeconds(60));

        // The admin opens Campaigns: the page got its pass, so the view is offered.
        var page = await OpenPageAsync();
        await SignInAsync(page);
        await page.GetByTestId("nav-campaigns").ClickAsync();
        await Expect(page.GetByTestId("campaigns-table")).ToBeVisibleAsync();

        // Create: a new segment of this batch with marketing consent, previewed live.
        await page.GetByTestId("campaign-new").ClickAsync();
        await page.GetByTestId("campaign-name").FillAsync($"Spring sale {batch}");
        await page.GetByTestId("segment-name").FillAsync($"Batch {batch}");
        await page.GetByTestId("segment-attribute-name").FillAsync(BatchAttribute);
        await page.GetByTestId("segment-attribute-value").FillAsync(batch);
        await page.GetByTestId("segment-consent-purpose").SelectOptionAsync("marketing");
        await Expect(page.GetByTestId("segment-preview-count")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("segment-preview-sample").Locator("li")).ToHaveCountAsync(3);

        // The text, with its segment counter from the page and then as the carrier bills it, its link tracked.
        var text = $"Spring sale {batch}: 20% off at {Shop}. Reply STOP to opt out";
        await page.GetByTestId("campaign-text").FillAsync(text);
        await Expect(page.GetByTestId("campaign-segment-counter")).ToContainTextAsync("1 segment");
        await Expect(page.GetByTestId("campaign-segment-counter")).ToContainTextAsync("as billed");
        await Expect(page.GetByTestId("campaign-segment-counter")).ToContainTextAsync("1 link tracked");
        if (await page.GetByTestId("campaign-override").IsVisibleAsync())
            await page.GetByTestId("campaign-override").CheckAsync();
        await page.GetByTestId("schedule-pace").FillAsync("5");
        await page.GetByTestId("campaign-save").ClickAsync();
        await Expect(page.GetByTestId("campaign-detail")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("campaign-status")).ToHaveTextAsync("draft");
        await Expect(page.GetByTestId("campaign-pause")).ToBeDisabledAsync();

        // Dry run: Compliance would let all three through.
        await page.GetByTestId("campaign-dry-run").ClickAsync();
        await Expect(page.GetByTestId("campaign-dry-run-result")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var tally = page.GetByTestId("campaign-dry-run-result");
        await Expect(tally.Locator("[data-label='Recipients']")).ToHaveTextAsync("3");
        await Expect(tally.Locator("[data-label='Would be sent']")).ToHaveTextAsync("3");
        await Expect(tally.Locator("[data-label='Suppressed']")).ToHaveTextAsync("0");
        Assert.That(await CarrierTextsAsync(customers, text), Is.Zero, "a dry run sends nothing");

        // Launch, and watch the progress bar reach the end.
        await page.GetByTestId("campaign-launch").ClickAsync();
        await Expect(page.GetByTestId("campaign-status")).ToHaveTextAsync("completed", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("campaign-progress")).ToHaveAttributeAsync("aria-valuenow", "100");
        await Expect(page.GetByTestId("campaign-progress-text")).ToHaveTextAsync("3 of 3 handled (100%)");
        foreach (var action in new[] { "campaign-launch", "campaign-pause", "campaign-resume", "campaign-cancel" })
            await Expect(page.GetByTestId(action)).ToBeDisabledAsync();

        // Each contact received the text once, at the carrier.
        await Eventually.MatchesAsync(() => CarrierTextsAsync(customers, text), n => n == customers.Count,
            "One campaign text per contact at the carrier", TimeSpan.FromSeconds(60));
        foreach (var customer in customers)
            Assert.That((await Observe.CarrierMessagesToAsync(customer)).Count(m => IsSent(m.Text, text)), Is.EqualTo(1), customer);

        // The results: three recipients published, and sent once the carrier's answers are counted.
        var results = page.GetByTestId("campaign-results");
        await Expect(results.Locator("[data-label='Recipients']")).ToHaveTextAsync("3");
        await Expect(results.Locator("[data-label='Published']")).ToHaveTextAsync("3");
        var row = page.Locator($"[data-testid=campaign-row]:has-text('{batch}')");
        await Expect(row.GetByTestId("campaign-row-status")).ToHaveTextAsync("completed");
        await Eventually.MatchesAsync(async () =>
        {
            await row.Locator("button").ClickAsync(); // opening the campaign reads its results again
            return await results.Locator("[data-label='Sent']").TextContentAsync();
        }, sent => sent == "3", "The carrier's answers counted in the results", TimeSpan.FromSeconds(60));
        await Expect(page.GetByTestId("campaign-reply-chart")).ToContainTextAsync("No replies yet");

        // One contact answers: the reply counts for the campaign, and the chart shows it (no prompt: no option matched).
        Assert.That(await Observe.CustomerRepliesAsync(customers[0], "Yes please, what sizes?"), Is.EqualTo(204));
        await Eventually.MatchesAsync(async () =>
        {
            await row.Locator("button").ClickAsync();
            return await results.Locator("[data-label='Replies']").TextContentAsync();
        }, replies => replies?.StartsWith("1 (", StringComparison.Ordinal) == true, "The reply counted in the results", TimeSpan.FromSeconds(60));
        await Expect(page.GetByTestId("campaign-reply-chart")).ToContainTextAsync("No match");
        await Expect(page.GetByTestId("campaign-reply-chart")).ToHaveAttributeAsync("aria-label", "Replies: No match 1");

        // Another taps the link in their text: the ingress sends them to the shop, and the results count the click.
        var sent = (await Observe.CarrierMessagesToAsync(customers[1])).Single(m => IsSent(m.Text, text)).Text;
        using var phone = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var opened = await phone.GetAsync(TrackedLink().Match(sent).Value);
        Assert.That((opened.StatusCode, opened.Headers.Location), Is.EqualTo((HttpStatusCode.Found, new Uri(Shop))));
        await Eventually.MatchesAsync(async () =>
        {
            await row.Locator("button").ClickAsync();
            return await results.Locator("[data-label='Clicked a link']").TextContentAsync();
        }, clicked => clicked == "1 (33.3%)", "The click counted in the results", TimeSpan.FromSeconds(60));
        await Expect(results.Locator($"[data-label='· {Shop}']")).ToHaveTextAsync("1 (1 click)");
        // The README's picture (deploy/screenshots/campaigns.png): the campaign's panel, whatever else the test database holds.
        await InboxScreenshots.SaveAsync(page.GetByTestId("campaign-detail"), "campaigns-results.png");
    }

    private static async Task<int> CarrierTextsAsync(IEnumerable<string> customers, string text)
    {
        var count = 0;
        foreach (var customer in customers)
            count += (await Observe.CarrierMessagesToAsync(customer)).Count(m => IsSent(m.Text, text));
        return count;
    }

    private const string Shop = "https://shop.example.com/spring";

    /// <summary>Whether <paramref name="sent"/> is <paramref name="text"/> as a recipient gets it: its link a tracked link on the ingress.</summary>
    private static bool IsSent(string sent, string text)
    {
        var parts = text.Split(Shop);
        return sent.StartsWith(parts[0], StringComparison.Ordinal) && sent.EndsWith(parts[1], StringComparison.Ordinal)
            && TrackedLink().IsMatch(sent) && !sent.Contains(Shop, StringComparison.Ordinal);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"http://127\.0\.0\.1:[0-9]+/l/[A-Za-z0-9_-]+")]
    private static partial System.Text.RegularExpressions.Regex TrackedLink();
}
