using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Sms.EndToEnd.Tests.Inbox;

/// <summary>
/// Agent accounts as an admin manages them in the inbox: the admin disables an agent from the Agents view, and the
/// agent, whose browser is open on the inbox, is signed out on their next action and cannot sign in again; an agent
/// changes their own password, and only the new one signs in.
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
            new { username = Agent, displayName = "Dana Rivera", password = Password, role = "agent" });
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

    [Test]
    public async Task An_agent_changes_their_own_password_and_stays_signed_in_while_the_old_password_no_longer_works()
    {
        var page = await OpenPageAsync("agent");
        await SignInAsync(page, Agent, Password);
        var elsewhere = await OpenPageAsync("elsewhere");
        await SignInAsync(elsewhere, Agent, Password);

        await page.GetByTestId("password-button").ClickAsync();
        await page.GetByTestId("password-current").FillAsync("not-my-password");
        await page.GetByTestId("password-new").FillAsync("my-brand-new-password");
        await page.GetByTestId("password-confirm").FillAsync("my-brand-new-password");
        await page.GetByTestId("password-submit").ClickAsync();
        await Expect(page.GetByTestId("password-status")).ToContainTextAsync("Not your current password");

        await page.GetByTestId("password-current").FillAsync(Password);
        await page.GetByTestId("password-submit").ClickAsync();
        await Expect(page.GetByTestId("password-status")).ToHaveTextAsync("Password changed. Your other sessions are signed out.");
        await InboxScreenshots.SaveAsync(page, "13-password-changed.png");

        var here = await page.Context.APIRequest.GetAsync("/auth/me");
        var there = await elsewhere.Context.APIRequest.GetAsync("/auth/me");
        Assert.Multiple(() =>
        {
            Assert.That(here.Status, Is.EqualTo((int)HttpStatusCode.OK), "this browser stays signed in");
            Assert.That(there.Status, Is.EqualTo((int)HttpStatusCode.Unauthorized), "the other browser is signed out");
        });
        using var oldPassword = await Platform.Conversations.PostAsJsonAsync("/auth/login", new { username = Agent, password = Password });
        Assert.That(oldPassword.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
