using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Sms.EndToEnd.Tests.Inbox;

/// <summary>
/// The agent inbox in a real browser (headless chromium) against the running platform: an agent signs in, an
/// escalated conversation arrives live, the agent answers it with a canned response and resolves it, and the answer
/// reaches the carrier. Screenshots of each key screen are kept (see <see cref="InboxScreenshots"/>).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class InboxPageTests : InboxBrowserTests
{
    /// <summary>The page each test starts with, signed in to nothing.</summary>
    private IPage Page { get; set; } = null!;

    [SetUp]
    public async Task OpenTheTestsPageAsync() => Page = await OpenPageAsync();

    [Test]
    public async Task An_agent_answers_an_escalated_conversation_with_a_canned_response_and_resolves_it()
    {
        await NameContactAsync(Customer, "Ada Lovelace");
        var canned = await CreateCannedResponseAsync(
            title: $"Looking into it {Guid.NewGuid():N}"[..24],
            text: "Hi {first_name}, thanks for waiting! We are looking into it now. You can also call us on {business_number}.");
        var expectedReply = $"Hi Ada, thanks for waiting! We are looking into it now. You can also call us on {Platform.BusinessNumber}.";

        // Sign in.
        await Page.GotoAsync("/inbox/login.html");
        await Page.GetByTestId("login-username").FillAsync(PlatformLauncher.InboxAdminUsername);
        await Page.GetByTestId("login-password").FillAsync(PlatformLauncher.InboxAdminPassword);
        await InboxScreenshots.SaveAsync(Page, "01-login.png");
        await Page.GetByTestId("login-submit").ClickAsync();
        await Page.WaitForURLAsync(new Regex("/inbox/(#.*)?$"));
        await Expect(Page.GetByTestId("connection-state")).ToHaveTextAsync("Live");

        // A customer message that no session matches is escalated and appears in the open page without a reload.
        await Page.EvaluateAsync("() => { window.loadedOnce = 'yes'; }");
        Assert.That(await CustomerRepliesAsync(Customer, "Can I bring my dog to the appointment?"), Is.EqualTo(204));
        var conversationId = await Eventually.MatchesAsync(() => ConversationIdAsync(Customer), id => id is not null,
            "The conversation being stored", TimeSpan.FromSeconds(30));
        var item = Page.Locator($"[data-testid=conversation-item][data-conversation-id='{conversationId}']");
        await Expect(item).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 });
        await Expect(item).ToContainTextAsync("Ada Lovelace");
        await Expect(item).ToHaveAttributeAsync("data-status", "waiting_on_agent");
        await Expect(item.GetByTestId("unread-badge")).ToHaveTextAsync("1");
        await Expect(item.GetByTestId("sla-indicator")).ToHaveAttributeAsync("data-sla", "ok");
        Assert.That(await Page.EvaluateAsync<string?>("() => window.loadedOnce"), Is.EqualTo("yes"), "the page was not reloaded");
        await InboxScreenshots.SaveAsync(Page, "02-inbox-escalated.png");

        // Open it: the customer's message and the hand-over text, the contact panel.
        await item.ClickAsync();
        var thread = Page.GetByTestId("thread");
        await Expect(thread.GetByTestId("thread-message").Filter(new LocatorFilterOptions { HasText = "Can I bring my dog" })).ToBeVisibleAsync();
        await Expect(thread.GetByTestId("thread-message").Filter(new LocatorFilterOptions { HasText = HandoverText })).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("contact-panel")).ToContainTextAsync(Customer);
        await Expect(Page.GetByTestId("contact-panel")).ToContainTextAsync("Ada Lovelace");
        await Expect(item.GetByTestId("unread-badge")).ToHaveCountAsync(0);

        // Pick the canned response: its placeholders are filled, and the counter measures it.
        await Page.GetByTestId("canned-picker").SelectOptionAsync(new SelectOptionValue { Label = canned.Title });
        await Expect(Page.GetByTestId("compose-text")).ToHaveValueAsync(expectedReply);
        await Expect(Page.GetByTestId("segment-counter")).ToHaveTextAsync($"{expectedReply.Length} / 160 · 1 segment · GSM-7");
        await InboxScreenshots.SaveAsync(Page, "03-thread-compose.png");

        // Send it: it shows at once and its delivery status follows live.
        await Page.GetByTestId("send-button").ClickAsync();
        await Expect(Page.GetByTestId("compose-text")).ToHaveValueAsync("");
        var reply = thread.GetByTestId("thread-message").Filter(new LocatorFilterOptions { HasText = expectedReply });
        await Expect(reply).ToHaveAttributeAsync("data-status", new Regex("^(sent|delivered)$"), new LocatorAssertionsToHaveAttributeOptions { Timeout = 30_000 });
        await Expect(reply).ToContainTextAsync(PlatformLauncher.InboxAdminUsername);

        // Typing an emoji switches the counter to UCS-2 and its 70-unit parts.
        var compose = Page.GetByTestId("compose-text");
        await compose.PressSequentiallyAsync("Thank you ");
        await Expect(Page.GetByTestId("segment-counter")).ToHaveTextAsync("10 / 160 · 1 segment · GSM-7");
        await compose.PressSequentiallyAsync("😀");
        await Expect(Page.GetByTestId("segment-counter")).ToHaveTextAsync("12 / 70 · 1 segment · UCS-2");
        await InboxScreenshots.SaveAsync(Page, "04-ucs2-counter.png");
        await compose.FillAsync("");
        await Expect(Page.GetByTestId("segment-counter")).ToHaveTextAsync("0 / 160 · 0 segments · GSM-7");

        // Take it: assign it to me, flag it, label it; the list shows each change.
        await Page.GetByTestId("assign-select").SelectOptionAsync(PlatformLauncher.InboxAdminUsername);
        await Expect(item.GetByTestId("owner")).ToHaveAttributeAsync("data-owner", "agent");
        await Page.GetByTestId("flag-button").ClickAsync();
        await Expect(Page.GetByTestId("flag-button")).ToHaveAttributeAsync("aria-pressed", "true");
        await Page.GetByTestId("label-input").FillAsync("pets");
        await Page.GetByTestId("label-input").PressAsync("Enter");
        await Expect(item).ToContainTextAsync("pets");

        // Resolve.
        await Page.GetByTestId("resolve-button").ClickAsync();
        await Expect(Page.GetByTestId("reopen-button")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("resolve-button")).ToBeHiddenAsync();
        await Expect(item).ToHaveAttributeAsync("data-status", "resolved");
        await InboxScreenshots.SaveAsync(Page, "05-resolved.png");

        // The reply reached the carrier, after the hand-over text; the conversation is resolved in the store.
        var atCarrier = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(Customer),
            m => m.Any(x => x.Text == expectedReply), "The agent's reply reaching the carrier", TimeSpan.FromSeconds(30));
        // The hand-over text, the reply and, after the resolve above, the satisfaction survey: nothing else.
        Assert.That(atCarrier.Count(m => m.Text == expectedReply), Is.EqualTo(1), string.Join(" | ", atCarrier.Select(m => m.Text)));
        Assert.That(atCarrier.Where(m => m.Text != expectedReply && !m.Text.StartsWith("How did we do?", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(1),
            string.Join(" | ", atCarrier.Select(m => m.Text)));
        Assert.That(atCarrier[0].Text, Does.StartWith(HandoverText));
        Assert.That(atCarrier[1].Text, Is.EqualTo(expectedReply));
        Assert.That(Digits(atCarrier[1].From), Is.EqualTo(Digits(Platform.BusinessNumber)), "the reply comes from the number the customer wrote to");
        Assert.That(await ConversationStatusAsync(Customer), Is.EqualTo("resolved"));
        var stored = await ConversationAsync(Customer);
        Assert.Multiple(() =>
        {
            Assert.That(stored.Assignee, Is.EqualTo(PlatformLauncher.InboxAdminUsername));
            Assert.That(stored.Flagged, Is.True);
            Assert.That(stored.Labels, Is.EqualTo(new[] { "pets" }));
        });
    }

    [Test]
    public async Task An_agent_opts_a_number_out_after_confirming_and_the_consent_ledger_records_it()
    {
        await SignInAsync(Page);
        Assert.That(await CustomerRepliesAsync(Customer, "Who is this?"), Is.EqualTo(204));
        var item = Page.GetByTestId("conversation-item").Filter(new LocatorFilterOptions { HasText = Customer });
        await item.ClickAsync(new LocatorClickOptions { Timeout = 30_000 });
        await Expect(Page.GetByTestId("consent-state")).ToHaveAttributeAsync("data-state", "unknown");

        // Cancelling the confirmation changes nothing.
        await Page.GetByTestId("opt-out-button").ClickAsync();
        await Page.GetByTestId("opt-out-cancel").ClickAsync();
        await Expect(Page.GetByTestId("opt-out-button")).ToBeEnabledAsync();

        await Page.GetByTestId("opt-out-button").ClickAsync();
        await Page.GetByTestId("opt-out-confirm").ClickAsync();

        await Expect(Page.GetByTestId("consent-state")).ToHaveAttributeAsync("data-state", "opted_out", new LocatorAssertionsToHaveAttributeOptions { Timeout = 40_000 });
        await Expect(Page.GetByTestId("opt-out-button")).ToBeDisabledAsync();
        Assert.That(await ConsentLedgerAsync(Customer), Is.EqualTo(new[] { "opt_out" }), "one opt-out, though the agent opened the dialog twice");
    }

    [Test]
    public async Task The_contact_panel_shows_the_labels_a_flow_gave_the_contact_and_the_context_of_its_prompts()
    {
        var orderId = "ORD-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await Platform.Bus.Publish(new Sms.Contracts.Routing.StartFlow
        {
            FlowRunId = Guid.NewGuid(),
            FlowName = "post_purchase_feedback",
            CustomerNumber = Customer,
            Context = new Dictionary<string, string> { ["order_id"] = orderId },
            RequestedAt = DateTimeOffset.UtcNow,
        });
        await Eventually.MatchesAsync(() => CarrierMessagesToAsync(Customer), m => m.Count == 1, "The flow's rating prompt reaching the carrier");
        await Eventually.MatchesAsync(() => OpenSessionCountAsync(Customer),
            n => n == 1, "The rating step's session being stored");
        // "3" is the neutral answer: the flow labels the contact feedback:neutral and asks for comments.
        Assert.That(await CustomerRepliesAsync(Customer, "3"), Is.EqualTo(204));
        await Eventually.MatchesAsync(() => CarrierMessagesToAsync(Customer), m => m.Count == 2, "The comments prompt reaching the carrier");
        await Eventually.MatchesAsync(() => ContactLabelsAsync(Customer), l => l.Contains("feedback:neutral"), "The flow's label reaching the contact");

        await SignInAsync(Page);
        var item = Page.GetByTestId("conversation-item").Filter(new LocatorFilterOptions { HasText = Customer });
        await item.ClickAsync(new LocatorClickOptions { Timeout = 30_000 });

        var panel = Page.GetByTestId("contact-panel");
        await Expect(panel.Locator("#contact-labels")).ToHaveTextAsync("feedback:neutral");
        var sessions = panel.Locator("#contact-sessions li.session");
        await Expect(sessions).ToHaveCountAsync(2, new LocatorAssertionsToHaveCountOptions { Timeout = 30_000 });
        foreach (var session in await sessions.AllAsync())
        {
            await Expect(session.Locator("dt")).ToContainTextAsync(["order_id"]);
            await Expect(session.Locator("dd")).ToContainTextAsync([orderId]);
        }
        await InboxScreenshots.SaveAsync(Page, "06-contact-panel-sessions.png");
    }

    [Test]
    public async Task A_wrong_password_says_so_and_signs_nobody_in()
    {
        await Page.GotoAsync("/inbox/login.html");
        await Page.GetByTestId("login-username").FillAsync(PlatformLauncher.InboxAdminUsername);
        await Page.GetByTestId("login-password").FillAsync("not-the-password");
        await Page.GetByTestId("login-submit").ClickAsync();

        await Expect(Page.GetByTestId("login-error")).ToHaveTextAsync("Wrong user name or password");
        Assert.That(Page.Url, Does.EndWith("/inbox/login.html"));
        var me = await Page.Context.APIRequest.GetAsync("/auth/me");
        Assert.That(me.Status, Is.EqualTo((int)HttpStatusCode.Unauthorized), "no session cookie was set");
    }

    [Test]
    public async Task Signing_out_everywhere_from_the_sessions_panel_ends_the_session_of_another_browser_too()
    {
        var otherPage = await OpenPageAsync("other");
        await SignInAsync(otherPage);
        await SignInAsync(Page);

        await Page.GetByTestId("sessions-button").ClickAsync();
        var sessions = Page.GetByTestId("session");
        await Expect(sessions.Filter(new LocatorFilterOptions { HasText = "This browser" })).ToHaveCountAsync(1);
        Assert.That(await sessions.CountAsync(), Is.GreaterThanOrEqualTo(2), "the other browser's session is listed");
        await InboxScreenshots.SaveAsync(Page, "07-sessions.png");

        await Page.GetByTestId("sessions-end-all").ClickAsync();

        await Page.WaitForURLAsync(new Regex("/inbox/login\\.html"));
        var other = await otherPage.Context.APIRequest.GetAsync("/auth/me");
        Assert.That(other.Status, Is.EqualTo((int)HttpStatusCode.Unauthorized), "the other browser's cookie no longer works");
        await otherPage.ReloadAsync();
        await otherPage.WaitForURLAsync(new Regex("/inbox/login\\.html"));
    }

    [Test]
    public async Task Opening_the_inbox_without_signing_in_leads_to_the_sign_in_page()
    {
        await Page.GotoAsync("/inbox/");

        await Page.WaitForURLAsync(new Regex("/inbox/login\\.html"));
        await Expect(Page.GetByTestId("login-username")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("conversation-list")).ToHaveCountAsync(0);
    }

    private sealed class StoredConversation
    {
        public string? Assignee { get; init; }
        public bool Flagged { get; init; }
        public string[] Labels { get; init; } = [];
    }

    private static async Task<StoredConversation> ConversationAsync(string customer)
    {
        await using var connection = await Platform.Postgres.OpenConnectionAsync();
        return await Dapper.SqlMapper.QuerySingleAsync<StoredConversation>(connection,
            "SELECT assignee, flagged, labels FROM conversations.conversations WHERE customer_number = @customer", new { customer });
    }

    private static async Task<string[]> ContactLabelsAsync(string customer)
    {
        await using var connection = await Platform.Postgres.OpenConnectionAsync();
        return await Dapper.SqlMapper.QuerySingleOrDefaultAsync<string[]>(connection,
            "SELECT labels FROM conversations.contacts WHERE number = @customer", new { customer }) ?? [];
    }

    private static async Task<Guid?> ConversationIdAsync(string customer)
    {
        await using var connection = await Platform.Postgres.OpenConnectionAsync();
        return await Dapper.SqlMapper.QuerySingleOrDefaultAsync<Guid?>(connection,
            "SELECT id FROM conversations.conversations WHERE customer_number = @customer", new { customer });
    }

    private static async Task NameContactAsync(string number, string name)
    {
        using var response = await Platform.Conversations.PutAsJsonAsync($"/v1/contacts/{Uri.EscapeDataString(number)}", new { name });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private sealed record CannedResponse(string Id, string Title, string Text);

    /// <summary>Creates a canned response through the API, as an admin would before agents use it.</summary>
    private static async Task<CannedResponse> CreateCannedResponseAsync(string title, string text)
    {
        using var response = await Platform.Conversations.PostAsJsonAsync("/v1/canned-responses", new { title, text });
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body);
        using var json = JsonDocument.Parse(body);
        return new CannedResponse(json.RootElement.GetProperty("id").ToString(), title, text);
    }
}
