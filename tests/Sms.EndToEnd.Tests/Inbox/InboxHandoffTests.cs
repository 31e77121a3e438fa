using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Sms.EndToEnd.Tests.Inbox;

/// <summary>
/// The hand-off between the automation and people, as two agents meet it in their browsers: escalations of the
/// <see cref="PlatformLauncher.HandoffTeam"/> (one open conversation per member) are assigned round robin and never
/// beyond capacity, the rest wait in the team's queue; the automation says nothing to a customer people are answering;
/// an agent marked away is given nothing new; "Return to automation" gives the conversation back and frees room; each
/// agent is notified of what became theirs or waits in their team's queue. CSAT is shown when the API returns it and
/// is not exercised here.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class InboxHandoffTests : InboxBrowserTests
{
    private static readonly string Team = PlatformLauncher.HandoffTeam;
    private static readonly TimeSpan Assignment = TimeSpan.FromSeconds(30);

    /// <summary>Replaces the browser's Notification with one that records what the page shows, permission granted.</summary>
    private const string NotificationStub = """
        window.__notifications = [];
        const StubNotification = function (title, options) {
          window.__notifications.push({ title, body: options?.body ?? null, tag: options?.tag ?? null });
        };
        StubNotification.permission = "granted";
        StubNotification.requestPermission = () => Promise.resolve("granted");
        Object.defineProperty(window, "Notification", { value: StubNotification, configurable: true, writable: true });
        """;

    [SetUp]
    public Task ResetAsync() => ResetHandoffTeamAsync();

    [Test]
    public async Task The_inbox_notifies_of_a_conversation_assigned_to_me_or_newly_waiting_in_my_teams_queue()
    {
        var page = await SignInAsync(PlatformLauncher.InboxAdminUsername, PlatformLauncher.InboxAdminPassword);

        // The decision is a pure function of the summaries before and after (handoff.js), called here as the page loads it.
        var decisions = await page.EvaluateAsync<string[]>("""
            async () => {
              const { notificationFor } = await import("/inbox/handoff.js");
              const base = { id: "c1", customerNumber: "+447700900001", status: "waiting_on_agent" };
              const automation = { ...base, owner: "automation", team: null, assignee: null, status: "open" };
              const queued = { ...base, owner: "people", team: "billing", assignee: null, routedBy: "topic billing" };
              const mine = { ...queued, assignee: "ann" };
              const bobs = { ...queued, assignee: "bob" };
              const cases = [
                [automation, queued, ["billing"]],      // queued in my team
                [undefined, queued, ["billing"]],       // never seen before, queued in my team
                [automation, queued, ["support"]],      // queued in a team I am not in
                [queued, { ...queued, unreadCount: 2 }, ["billing"]], // still queued: a new message is no news
                [queued, mine, ["billing"]],            // assigned to me
                [bobs, mine, []],                       // taken from bob and given to me
                [mine, { ...mine, labels: ["x"] }, []], // still mine
                [queued, bobs, ["billing"]],            // someone else's
                [mine, { ...mine, status: "resolved" }, ["billing"]], // resolved
                [{ ...queued, team: "support" }, queued, ["billing", "support"]], // moved to another of my queues
              ];
              return cases.map(([before, after, teams]) => notificationFor(before, after, "ann", teams)?.kind ?? "none");
            }
            """);
        Assert.That(decisions, Is.EqualTo(new[] { "queued", "queued", "none", "none", "assigned", "assigned", "none", "none", "none", "queued" }));
    }

    [Test]
    public async Task Two_agents_share_escalations_by_round_robin_within_capacity_away_stops_assignment_and_return_to_automation_frees_room()
    {
        var agents = PlatformLauncher.HandoffAgents;
        foreach (var agent in agents) await SignInAsync(agent, PlatformLauncher.HandoffAgentPassword, notifications: true);

        // Two escalations: one to each agent, whoever the round robin starts with.
        var first = await EscalateAsync("Where is my parcel? I want a real person.");
        var firstAssignee = await AssignedAsync(first.Customer);
        var second = await EscalateAsync("My parcel arrived damaged, get me an agent.");
        var secondAssignee = await AssignedAsync(second.Customer);
        Assert.That(new[] { firstAssignee, secondAssignee }, Is.EquivalentTo(agents), "one conversation each");

        // The third finds both at capacity (1): it waits in the team's queue, also after the sweeps that follow.
        var third = await EscalateAsync("Has my parcel been sent? Let me talk to a person.");
        await StaysUnassignedAsync(third.Customer);

        var holder = OpenedPage(firstAssignee);
        var other = OpenedPage(secondAssignee);
        var firstItem = Item(holder, first.Id);
        await Expect(firstItem.GetByTestId("owner")).ToHaveTextAsync(DisplayName(firstAssignee));
        await Expect(firstItem.GetByTestId("team")).ToHaveTextAsync($"{Team} · open");
        await Expect(firstItem.GetByTestId("team")).ToHaveAttributeAsync("title", $"Routed by reason {PlatformLauncher.HandoffReason}");
        var thirdItem = Item(other, third.Id);
        await Expect(thirdItem.GetByTestId("owner")).ToHaveTextAsync($"{Team} queue");
        await Expect(thirdItem.GetByTestId("owner")).ToHaveAttributeAsync("data-owner", "queue");

        // The team filter, filled from /v1/teams.
        await holder.GetByTestId("filter-team").SelectOptionAsync(PlatformLauncher.SupportTeam);
        await Expect(firstItem).ToHaveCountAsync(0);
        await holder.GetByTestId("filter-team").SelectOptionAsync(Team);
        await Expect(firstItem).ToBeVisibleAsync();

        // Each agent was told what became theirs, and both of the conversation waiting in their queue.
        await ExpectNotificationAsync(holder, "Assigned to you", first.Id);
        await ExpectNotificationAsync(other, "Assigned to you", second.Id);
        await ExpectNotificationAsync(holder, $"Waiting in the {Team} queue", third.Id);
        await ExpectNotificationAsync(other, $"Waiting in the {Team} queue", third.Id);
        Assert.That(await NotificationsAsync(other), Has.None.Matches<Notified>(n => n.Title == "Assigned to you" && n.Tag == $"conversation-{first.Id}"),
            "the other agent is not told of a conversation assigned to someone else");

        // The customer writes again while an agent has the conversation: it shows in the thread, and the automation
        // sends nothing of its own (the customer has only the one hand-over text).
        await firstItem.ClickAsync();
        await Expect(holder.GetByTestId("thread-owner").GetByTestId("owner")).ToHaveTextAsync(DisplayName(firstAssignee));
        Assert.That(await CustomerRepliesAsync(first.Customer, "Hello? Anyone there?"), Is.EqualTo(204));
        await Expect(holder.GetByTestId("thread").GetByTestId("thread-message").Filter(new LocatorFilterOptions { HasText = "Anyone there?" }))
            .ToBeVisibleAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var atCarrier = await CarrierMessagesToAsync(first.Customer);
        Assert.That(atCarrier, Has.Count.EqualTo(1), string.Join(" | ", atCarrier.Select(m => m.Text)));
        Assert.That(atCarrier[0].Text, Does.StartWith(HandoverText));
        await InboxScreenshots.SaveAsync(holder, "08-handoff-owner-and-queue.png");

        // The other agent goes away.
        var toggle = other.GetByTestId("availability-toggle");
        await Expect(toggle).ToHaveTextAsync("Available");
        await toggle.ClickAsync();
        await Expect(toggle).ToHaveTextAsync("Away");
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.That(await AwayAsync(secondAssignee), Is.True);

        // Returning the first conversation to the automation frees its agent: the queued one is theirs at once.
        await holder.GetByTestId("return-button").ClickAsync();
        await Expect(holder.GetByTestId("thread-owner").GetByTestId("owner")).ToHaveTextAsync("Automation");
        await Expect(firstItem.GetByTestId("owner")).ToHaveTextAsync("Automation");
        await Expect(holder.GetByTestId("return-button")).ToBeHiddenAsync();
        Assert.That((await StoredAsync(first.Customer))?.Owner, Is.EqualTo("automation"));
        Assert.That(await AssignedAsync(third.Customer), Is.EqualTo(firstAssignee));
        await Expect(Item(holder, third.Id).GetByTestId("owner")).ToHaveTextAsync(DisplayName(firstAssignee));
        await ExpectNotificationAsync(holder, "Assigned to you", third.Id);

        // The away agent resolves theirs and has room, but takes nothing new while away; back, they take it at once.
        await Item(other, second.Id).ClickAsync();
        await other.GetByTestId("resolve-button").ClickAsync();
        await Expect(Item(other, second.Id)).ToHaveAttributeAsync("data-status", "resolved");
        var fourth = await EscalateAsync("Please call me about the parcel.");
        await StaysUnassignedAsync(fourth.Customer);
        await toggle.ClickAsync();
        await Expect(toggle).ToHaveTextAsync("Available");
        Assert.That(await AssignedAsync(fourth.Customer), Is.EqualTo(secondAssignee));
        await Expect(Item(other, fourth.Id).GetByTestId("owner")).ToHaveTextAsync(DisplayName(secondAssignee));
        await ExpectNotificationAsync(other, "Assigned to you", fourth.Id);
    }

    private static ILocator Item(IPage page, Guid conversationId) =>
        page.Locator($"[data-testid=conversation-item][data-conversation-id='{conversationId}']");

    private static string DisplayName(string username) => $"Agent {username}";

    /// <summary>The agent's page in a profile of its own (notifications recorded if asked), signed in, the teams loaded.</summary>
    private async Task<IPage> SignInAsync(string username, string password, bool notifications = false)
    {
        var page = await OpenPageAsync(username, notifications ? RecordNotificationsAsync : null);
        await SignInAsync(page, username, password);
        await Expect(page.GetByTestId("filter-team").Locator($"option[value='{PlatformLauncher.SupportTeam}']")).ToHaveCountAsync(1);
        return page;
    }

    private static async Task RecordNotificationsAsync(IBrowserContext context)
    {
        await context.GrantPermissionsAsync(["notifications"]);
        await context.AddInitScriptAsync(NotificationStub);
    }

    /// <summary>A customer asks for a person: the Router escalates, the reason routes it to the team.</summary>
    private static async Task<(string Customer, Guid Id)> EscalateAsync(string text)
    {
        var customer = Platform.NewCustomerNumber();
        Assert.That(await CustomerRepliesAsync(customer, text), Is.EqualTo(204));
        var stored = await Eventually.MatchesAsync(() => StoredAsync(customer), c => c is { Owner: "people" },
            "The escalation handing the conversation to people", Assignment);
        Assert.That(stored!.Team, Is.EqualTo(Team), "routed by the reason");
        return (customer, stored.Id);
    }

    private static async Task<string> AssignedAsync(string customer) =>
        (await Eventually.MatchesAsync(() => StoredAsync(customer), c => c?.Assignee is not null, "The conversation being assigned", Assignment))!.Assignee!;

    /// <summary>Still in the queue after several sweeps (every second here) had the chance to assign it.</summary>
    private static async Task StaysUnassignedAsync(string customer)
    {
        await Task.Delay(TimeSpan.FromSeconds(3));
        var stored = await StoredAsync(customer);
        Assert.That(stored, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(stored!.Owner, Is.EqualTo("people"));
            Assert.That(stored.Assignee, Is.Null, "nobody with room and available: it waits in the queue");
        });
    }

    /// <summary>A notification the page showed (the stub's record of it).</summary>
    private sealed class Notified
    {
        public string Title { get; init; } = "";
        public string? Body { get; init; }
        public string? Tag { get; init; }

        public override string ToString() => $"{Title} ({Tag})";
    }

    private static async Task<Notified[]> NotificationsAsync(IPage page) =>
        await page.EvaluateAsync<Notified[]>("() => window.__notifications");

    private static async Task ExpectNotificationAsync(IPage page, string title, Guid conversationId) =>
        await Eventually.MatchesAsync(() => NotificationsAsync(page),
            shown => shown.Any(n => n.Title == title && n.Tag == $"conversation-{conversationId}"),
            $"The notification '{title}' for {conversationId}", TimeSpan.FromSeconds(20));

    private sealed class StoredConversation
    {
        public Guid Id { get; init; }
        public string Owner { get; init; } = "";
        public string? Team { get; init; }
        public string? Assignee { get; init; }
    }

    private static async Task<StoredConversation?> StoredAsync(string customer)
    {
        await using var connection = await Platform.Postgres.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<StoredConversation>(
            "SELECT id, owner, team, assignee FROM conversations.conversations WHERE customer_number = @customer", new { customer });
    }

    private static async Task<bool> AwayAsync(string username)
    {
        await using var connection = await Platform.Postgres.OpenConnectionAsync();
        return await connection.QuerySingleAsync<bool>("SELECT away FROM conversations.agents WHERE username = @username", new { username });
    }

    /// <summary>
    /// The test database outlives a run: the team's agents exist, are signed out everywhere and available, and none of
    /// the team's conversations is left open, so each test starts with both agents free.
    /// </summary>
    private static async Task ResetHandoffTeamAsync()
    {
        foreach (var agent in PlatformLauncher.HandoffAgents)
        {
            using var created = await Platform.Conversations.PostAsJsonAsync("/v1/agents",
                new { username = agent, displayName = DisplayName(agent), password = PlatformLauncher.HandoffAgentPassword, role = "agent" });
            Assert.That(created.StatusCode, Is.AnyOf(HttpStatusCode.Created, HttpStatusCode.Conflict), await created.Content.ReadAsStringAsync());
            using var signedOut = await Platform.Conversations.DeleteAsync($"/v1/agents/{agent}/sessions");
            Assert.That(signedOut.StatusCode, Is.EqualTo(HttpStatusCode.OK), await signedOut.Content.ReadAsStringAsync());
        }
        await using (var connection = await Platform.Postgres.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE conversations.agents SET away = false WHERE username = ANY(@agents)",
                new { agents = PlatformLauncher.HandoffAgents });
        }
        // The team's queue and whatever its agents hold, in any team (a database shared with other suites may have
        // given them conversations of its own).
        var filters = new[] { $"team={Team}" }.Concat(PlatformLauncher.HandoffAgents.Select(a => $"assignee={a}"));
        foreach (var (filter, status) in filters.SelectMany(f => new[] { "open", "waiting_on_agent" }.Select(s => (f, s))))
        {
            using var page = await Platform.Conversations.GetAsync($"/v1/conversations?{filter}&status={status}&limit=100");
            var body = await page.Content.ReadAsStringAsync();
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
            using var json = JsonDocument.Parse(body);
            foreach (var item in json.RootElement.GetProperty("items").EnumerateArray())
            {
                using var resolved = await Platform.Conversations.PostAsync($"/v1/conversations/{item.GetProperty("id").GetString()}/resolve", null);
                Assert.That(resolved.IsSuccessStatusCode, Is.True, await resolved.Content.ReadAsStringAsync());
            }
        }
    }
}
