using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Sms.EndToEnd.Tests.Inbox;

/// <summary>
/// The consent review queue as an agent meets it (README, "Consent reviews in the inbox"): two customers write
/// messages Compliance is unsure about; the agent opens Reviews, confirms the first (the customer gets the opt-out
/// confirmation and Compliance holds the number opted out) and dismisses the second (the marketing held for it while
/// it waited reaches the carrier).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class InboxConsentReviewTests : InboxBrowserTests
{
    /// <summary>A request to stop with more to say: the recogniser's outcome is Uncertain.</summary>
    private const string MaybeStop = "stop texting me the wrong time";

    /// <summary>Another Uncertain one (found with <c>ConsentRecogniser.Read</c>).</summary>
    private const string MaybeStopToo = "no more texts at 6am please";

    /// <summary>How long a held send is watched for not reaching the carrier before the dismissal.</summary>
    private static readonly TimeSpan Held = TimeSpan.FromSeconds(5);

    private static async Task<Guid?> ReviewIdAsync(string customer)
    {
        await using var connection = await Platform.Postgres.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<Guid?>(
            "SELECT review_id FROM conversations.consent_reviews WHERE number = @customer", new { customer });
    }

    /// <summary>Compliance's <c>GET /v1/consent/{number}</c>: the number's consent in the default brand.</summary>
    private static async Task<JsonElement> ConsentAsync(string customer) =>
        await Platform.Compliance.GetFromJsonAsync<JsonElement>($"/v1/consent/{Uri.EscapeDataString(customer)}");

    /// <summary>
    /// Express consent for marketing, in a time zone where it is day now, so quiet hours hold nothing and only the
    /// review can.
    /// </summary>
    private static async Task OptInToMarketingAsync(string customer)
    {
        var zone = new[] { "Europe/London", "America/New_York", "America/Los_Angeles", "Asia/Tokyo", "Asia/Kolkata", "Australia/Sydney" }
            .First(id => TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(id)).Hour is >= 10 and < 18);
        using var response = await Platform.Compliance.PostAsJsonAsync($"/v1/consent/{Uri.EscapeDataString(customer)}/opt-in",
            new { expressConsent = true, evidence = "Ticked the marketing box on the e2e sign-up form", timeZone = zone });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task An_agent_confirms_one_uncertain_request_to_stop_and_dismisses_another()
    {
        var stopper = Platform.NewCustomerNumber();
        var other = Platform.NewCustomerNumber();
        await OptInToMarketingAsync(other);

        // Both write; Compliance asks people to decide, and the inbox keeps the reviews.
        Assert.That(await CustomerRepliesAsync(stopper, MaybeStop), Is.EqualTo(204));
        Assert.That(await CustomerRepliesAsync(other, MaybeStopToo), Is.EqualTo(204));
        var stopperReview = await Eventually.MatchesAsync(() => ReviewIdAsync(stopper), id => id is not null, "The first review reaching the inbox", TimeSpan.FromSeconds(30));
        var otherReview = await Eventually.MatchesAsync(() => ReviewIdAsync(other), id => id is not null, "The second review reaching the inbox", TimeSpan.FromSeconds(30));

        // Marketing to the second customer is held while the review waits.
        const string offer = "Spring sale: 20% off everything this weekend. Reply STOP to opt out.";
        using (var send = await Platform.SendFromUpstreamAsync(new { to = other, text = offer, category = "marketing" }))
            Assert.That(send.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await send.Content.ReadAsStringAsync());
        await Task.Delay(Held);
        Assert.That((await CarrierMessagesToAsync(other)).Select(m => m.Text), Has.None.EqualTo(offer), "held while the review waits");
        Assert.That((await ConsentAsync(other)).GetProperty("reviewPending").GetBoolean(), Is.True, "Compliance holds marketing for the review");

        // The agent opens Reviews from the navigation: both wait there with the customers' messages.
        var page = await OpenPageAsync();
        await SignInAsync(page);
        await Expect(page.GetByTestId("reviews-count")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[1-9][0-9]*$"));
        await page.GetByTestId("nav-reviews").ClickAsync();
        var first = page.Locator($"[data-testid=review-item][data-review-id='{stopperReview}']");
        var second = page.Locator($"[data-testid=review-item][data-review-id='{otherReview}']");
        await Expect(first.GetByTestId("review-text")).ToHaveTextAsync(MaybeStop);
        await Expect(first.GetByTestId("review-number")).ToContainTextAsync(stopper);
        await Expect(first).ToHaveAttributeAsync("data-status", "pending");
        await Expect(first.GetByTestId("review-open")).ToBeVisibleAsync();
        await Expect(second.GetByTestId("review-text")).ToHaveTextAsync(MaybeStopToo);
        await InboxScreenshots.SaveAsync(page, "10-consent-reviews.png");

        // Confirm the first: it shows as confirmed by the agent, the customer gets the confirmation, Compliance holds it.
        Assert.That((await CarrierMessagesToAsync(stopper)).Select(m => m.Text), Has.None.Contains("START"), "no confirmation before the decision");
        await first.GetByTestId("review-confirm").ClickAsync();
        await Expect(first).ToHaveAttributeAsync("data-status", "confirmed", new LocatorAssertionsToHaveAttributeOptions { Timeout = 30_000 });
        await Expect(first.GetByTestId("review-decision")).ToContainTextAsync($"by {PlatformLauncher.InboxAdminUsername}");
        await Expect(first.GetByTestId("review-undo")).ToBeVisibleAsync();
        var confirmation = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(stopper), m => m.Any(x => x.Text.Contains("START", StringComparison.Ordinal)),
            "The opt-out confirmation reaching the customer", TimeSpan.FromSeconds(30));
        Assert.That(confirmation.Last(x => x.Text.Contains("START", StringComparison.Ordinal)).Text, Does.Not.Contain("sale"), "never with marketing content");
        var consent = await ConsentAsync(stopper);
        Assert.That(consent.GetProperty("state").GetString(), Is.EqualTo("opted_out"), consent.ToString());

        // Dismiss the second: the held marketing goes out.
        await second.GetByTestId("review-dismiss").ClickAsync();
        await Expect(second).ToHaveAttributeAsync("data-status", "dismissed", new LocatorAssertionsToHaveAttributeOptions { Timeout = 30_000 });
        await Expect(second.GetByTestId("review-decision")).ToContainTextAsync($"by {PlatformLauncher.InboxAdminUsername}");
        await Eventually.MatchesAsync(() => CarrierMessagesToAsync(other), m => m.Any(x => x.Text == offer),
            "The held marketing reaching the customer after the dismissal", TimeSpan.FromSeconds(30));
        Assert.That((await ConsentAsync(other)).GetProperty("reviewPending").GetBoolean(), Is.False);
        await InboxScreenshots.SaveAsync(page, "11-consent-reviews-decided.png");
    }
}
