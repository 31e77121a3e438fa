using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Sms.EndToEnd.Tests.Inbox;

/// <summary>
/// Agent accounts as an admin manages them in the inbox: the admin disables an agent from the Agents view, and the
/// agent, whose browser is open on the inbox, is signed out on their next action and cannot sign in again.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class InboxAgentAccountTests : InboxBrowserTests
{
    private const string Agent = "e2e-disabled-agent";
    private const string Password = "e2e-disabled-agent-password";

    /// <summary>The test database outlives a run: the agent exists, is enabled, has the known password and no session.</summary>
    [SetUp]
    public async Task ResetAgentAsync()
    {
        using var created = await Platform.Conversations.PostAsJsonAsync("/v1/agents",
            new { username = Agent, displayName = "Dana Disabled", password = Password, role = "agent" });
        Assert.That(created.StatusCode, Is.AnyOf(HttpStatusCode.Created, HttpStatusCode.Conflict), await created.Content.ReadAsStringAsync());
        using var enabled = await Platform.Conversations.PostAsync($"/v1/agents/{Agent}/enable", null);
        Assert.That(enabled.StatusCode, Is.EqualTo(HttpStatusCode.OK), await enabled.Content.ReadAsStringAsync());
        using var reset = await Platform.Conversations.PutAsJsonAsync($"/v1/agents/{Agent}/password", new { password = Password });
        Assert.That(reset.StatusCode, Is.EqualTo(HttpStatusCode.OK), await reset.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task An_admin_disables_an_agent_and_the_agents_open_browser_is_signed_out_on_its_next_action()
    {
        var agentPage = await OpenPageAsync("agent");
        await SignInAsync(agentPage, Agent, Password);
        var adminPage = await OpenPageAsync("admin");
        await SignInAsync(adminPage);

        await adminPage.GetByTestId("nav-agents").ClickAsync();
        var row = adminPage.GetByTestId("agent-row").Filter(new LocatorFilterOptions { HasText = Agent });
        await Expect(row.GetByTestId("agent-status")).ToHaveTextAsync("Active");
        await row.GetByTestId("agent-toggle").ClickAsync();
        await Expect(row.GetByTestId("agent-status")).ToHaveTextAsync("Disabled");
        await Expect(row.GetByTestId("agent-toggle")).ToHaveTextAsync("Enable");
        await InboxScreenshots.SaveAsync(adminPage, "12-agents-disabled.png");

        // The agent's next action. The page's live stream also notices the ended session and signs the page out by
        // itself within seconds: when it was quicker, the page is on the sign-in page already.
        var sessions = agentPage.GetByTestId("sessions-button");
        if (await sessions.IsVisibleAsync())
            await sessions.ClickAsync();
        await agentPage.WaitForURLAsync(new Regex("/inbox/login\\.html"));
        var me = await agentPage.Context.APIRequest.GetAsync("/auth/me");
        Assert.That(me.Status, Is.EqualTo((int)HttpStatusCode.Unauthorized), "the agent's cookie no longer works");

        await agentPage.GetByTestId("login-username").FillAsync(Agent);
        await agentPage.GetByTestId("login-password").FillAsync(Password);
        await agentPage.GetByTestId("login-submit").ClickAsync();
        await Expect(agentPage.GetByTestId("login-error")).ToHaveTextAsync("This account is disabled");
        Assert.That(agentPage.Url, Does.EndWith("/inbox/login.html"));
    }
}
