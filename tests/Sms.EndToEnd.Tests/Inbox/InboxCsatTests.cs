using Dapper;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Sms.EndToEnd.Tests.Inbox;

/// <summary>
/// A resolved conversation collects the customer's rating, as the agent sees it: the agent resolves in the inbox, the
/// customer gets the survey and answers from their phone, and the score appears on the conversation; a low one opens
/// it again to the agent.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class InboxCsatTests : InboxBrowserTests
{
    private const string Survey = "How did we do? Reply 1-5 (5 = great).";

    /// <summary>The agent's page, signed in before each test.</summary>
    private IPage page = null!;

    [SetUp]
    public async Task SignInTheAgentAsync()
    {
        page = await OpenPageAsync();
        await SignInAsync(page);
    }

    private static async Task<Guid?> ConversationIdAsync(string customer)
    {
        await using var connection = await Platform.Postgres.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<Guid?>(
            "SELECT id FROM conversations.conversations WHERE customer_number = @customer", new { customer });
    }

    /// <summary>A customer's question handed to people, resolved by the agent in the inbox: the survey reaches the customer.</summary>
    private async Task<(string Customer, ILocator Item)> ResolvedInTheInboxAsync(string question)
    {
        var customer = Platform.NewCustomerNumber();
        Assert.That(await CustomerRepliesAsync(customer, question), Is.EqualTo(204));
        var id = await Eventually.MatchesAsync(() => ConversationIdAsync(customer), i => i is not null, "The conversation being stored", TimeSpan.FromSeconds(30));
        var item = page.Locator($"[data-testid=conversation-item][data-conversation-id='{id}']");
        await Expect(item).ToHaveAttributeAsync("data-status", "waiting_on_agent", new LocatorAssertionsToHaveAttributeOptions { Timeout = 30_000 });
        await item.ClickAsync();
        await page.GetByTestId("resolve-button").ClickAsync();
        await Expect(item).ToHaveAttributeAsync("data-status", "resolved");
        var atCarrier = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(customer), m => m.Count == 2, "The survey reaching the customer");
        Assert.That(atCarrier[1].Text, Is.EqualTo(Survey));
        return (customer, item);
    }

    [Test]
    public async Task A_resolved_conversation_collects_the_customers_rating()
    {
        var (customer, item) = await ResolvedInTheInboxAsync("Is my order on its way?");

        Assert.That(await CustomerRepliesAsync(customer, "4"), Is.EqualTo(204));

        await Expect(item.GetByTestId("csat")).ToHaveTextAsync("CSAT 4");
        await Expect(item).ToHaveAttributeAsync("data-status", "resolved");
        await Expect(page.GetByTestId("thread").GetByTestId("thread-message").Filter(new LocatorFilterOptions { HasText = Survey })).ToBeVisibleAsync();
        await InboxScreenshots.SaveAsync(page, "09-csat.png");
    }

    [Test]
    public async Task A_low_rating_opens_the_conversation_again_to_people()
    {
        var (customer, item) = await ResolvedInTheInboxAsync("My order is late again");

        Assert.That(await CustomerRepliesAsync(customer, "1"), Is.EqualTo(204));

        await Expect(item.GetByTestId("csat")).ToHaveTextAsync("CSAT 1");
        await Expect(item).ToHaveAttributeAsync("data-status", "open");
        await Expect(item.GetByTestId("owner")).Not.ToHaveTextAsync("Automation");
        Assert.That(await CarrierMessagesToAsync(customer), Has.Count.EqualTo(2), "the rating is not answered by the automation");
    }
}
