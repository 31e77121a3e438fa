using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sms.Conversations.Tests.Support;

namespace Sms.Conversations.Tests.Inbox;

/// <summary>
/// Agent accounts managed in the inbox: admins disable and enable agents, change their role and reset their password;
/// every agent changes their own; the deployment keeps one enabled admin; every change is recorded.
/// </summary>
public sealed class AgentAccountApiTests : InboxServiceTest
{
    private const string Password = "agent-password-1";

    private static readonly (string Method, string Path, object? Body)[] AdminCalls =
    [
        ("POST", "disable", null),
        ("POST", "enable", null),
        ("PUT", "role", new { role = "agent" }),
        ("PUT", "password", new { password = "a-new-password-1" }),
        ("GET", "changes", null),
    ];

    [Test]
    public async Task An_agent_is_refused_every_account_change_and_an_admin_makes_each()
    {
        var target = await Service.CreateAgentAsync();
        var agent = await Service.CreateAgentAsync();
        using var asAgent = await Service.SignedInClientAsync(agent, Password);
        using var asAdmin = await Service.SignedInClientAsync(Service.Admin, InboxService.AdminPassword);

        var answers = new List<string>();
        foreach (var (method, path, body) in AdminCalls)
        {
            foreach (var (who, client) in new[] { ("agent", asAgent), ("admin", asAdmin) })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), $"/v1/agents/{target}/{path}");
                if (body is not null)
                    request.Content = JsonContent.Create(body);
                using var response = await client.SendAsync(request);
                answers.Add($"{who} {method} {path} -> {(int)response.StatusCode}");
            }
        }

        Assert.That(answers, Is.EqualTo(AdminCalls.SelectMany(c => new[] { $"agent {c.Method} {c.Path} -> 403", $"admin {c.Method} {c.Path} -> 200" })));
    }

    [Test]
    public async Task An_unknown_agent_is_404_for_every_account_change()
    {
        var answers = new List<string>();
        foreach (var (method, path, body) in AdminCalls)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), $"/v1/agents/nobody-by-this-name/{path}");
            if (body is not null)
                request.Content = JsonContent.Create(body);
            using var response = await Client.SendAsync(request);
            answers.Add($"{method} {path} -> {(int)response.StatusCode}");
        }

        Assert.That(answers, Is.EqualTo(AdminCalls.Select(c => $"{c.Method} {c.Path} -> 404")));
    }

    [Test]
    public async Task A_disabled_agent_is_signed_out_at_once_everywhere_and_cannot_sign_in_until_enabled()
    {
        var agent = await Service.CreateAgentAsync();
        var laptop = await Service.SignInAsync(agent, Password);
        var phone = await Service.SignInAsync(agent, Password);
        Assert.That(await MeAsync(laptop), Is.EqualTo(HttpStatusCode.OK), "the session is cached on this instance now");

        using var disabled = await Client.PostAsync($"/v1/agents/{agent}/disable", null);
        var listed = (await Client.GetFromJsonAsync<JsonElement[]>("/v1/agents"))!.Single(a => a.GetProperty("username").GetString() == agent);
        using var rightPassword = await LoginAsync(agent, Password);
        using var wrongPassword = await LoginAsync(agent, "not-the-password");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(disabled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await disabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("disabled").GetBoolean(), Is.True);
            Assert.That(listed.GetProperty("disabled").GetBoolean(), Is.True);
            Assert.That(await MeAsync(laptop), Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await MeAsync(phone), Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(rightPassword.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await rightPassword.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString(), Is.EqualTo("This account is disabled"));
            Assert.That(rightPassword.Headers.Contains("Set-Cookie"), Is.False);
            Assert.That(wrongPassword.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a wrong password does not learn that the account is disabled");
            Assert.That(await SessionCountAsync(agent), Is.Zero);
        });

        using var enabled = await Client.PostAsync($"/v1/agents/{agent}/enable", null);
        Assert.That(enabled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await MeAsync(laptop), Is.EqualTo(HttpStatusCode.Unauthorized), "enabling again revives no ended session");
        Assert.That(await MeAsync(await Service.SignInAsync(agent, Password)), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Another_instance_refuses_a_disabled_agents_cookie_on_its_next_request()
    {
        // The other instance caches sessions for a minute: only the announcement of the change can end them there.
        await using var other = await InboxService.StartAsync(new Dictionary<string, string> { ["Inbox:Sessions:CacheSeconds"] = "60" });
        var agent = await Service.CreateAgentAsync();
        var cookie = await Service.SignInAsync(agent, Password);
        Assert.That(await MeAsync(cookie, other), Is.EqualTo(HttpStatusCode.OK), "the other instance has the session cached now");

        using (var disabled = await Client.PostAsync($"/v1/agents/{agent}/disable", null))
            Assert.That(disabled.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // The announcement arrives milliseconds after the commit: look a few times within half a second.
        var answer = HttpStatusCode.OK;
        for (var i = 0; i < 10 && answer != HttpStatusCode.Unauthorized; i++)
        {
            await Task.Delay(50);
            answer = await MeAsync(cookie, other);
        }
        Assert.That(answer, Is.EqualTo(HttpStatusCode.Unauthorized), "well within the other instance's cache time");
    }

    [Test]
    public async Task A_new_role_applies_to_the_agents_session_from_its_next_call()
    {
        var agent = await Service.CreateAgentAsync();
        using var asAgent = await Service.SignedInClientAsync(agent, Password);
        using (var before = await asAgent.GetAsync($"/v1/agents/{agent}/changes"))
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        using var promoted = await Client.PutAsJsonAsync($"/v1/agents/{agent}/role", new { role = "admin" });
        using var badRole = await Client.PutAsJsonAsync($"/v1/agents/{agent}/role", new { role = "owner" });

        Assert.That(promoted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await promoted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString(), Is.EqualTo("admin"));
        Assert.That(badRole.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var me = await asAgent.GetFromJsonAsync<JsonElement>("/auth/me");
        using var after = await asAgent.GetAsync($"/v1/agents/{agent}/changes");
        Assert.Multiple(() =>
        {
            Assert.That(me.GetProperty("role").GetString(), Is.EqualTo("admin"));
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task The_last_enabled_admin_can_neither_be_disabled_nor_demoted_and_can_once_another_admin_exists()
    {
        var others = await DisableOtherAdminsAsync();
        try
        {
            using var asAdmin = await Service.SignedInClientAsync(Service.Admin, InboxService.AdminPassword);
            using var selfDisable = await asAdmin.PostAsync($"/v1/agents/{Service.Admin}/disable", null);
            using var selfDemote = await asAdmin.PutAsJsonAsync($"/v1/agents/{Service.Admin}/role", new { role = "agent" });
            using var byApiKey = await Client.PostAsync($"/v1/agents/{Service.Admin}/disable", null);
            var problem = await selfDisable.Content.ReadFromJsonAsync<JsonElement>();

            Assert.Multiple(() =>
            {
                Assert.That(selfDisable.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
                Assert.That(selfDemote.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
                Assert.That(byApiKey.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "whoever asks");
                Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("The deployment must keep one enabled admin"));
                Assert.That(problem.GetProperty("detail").GetString(), Does.Contain($"'{Service.Admin}' is the last enabled admin"));
            });
            Assert.That(await MeAsync(asAdmin), Is.EqualTo(HttpStatusCode.OK), "still signed in, still admin");

            var second = await Service.CreateAgentAsync("admin");
            using var demoted = await asAdmin.PutAsJsonAsync($"/v1/agents/{Service.Admin}/role", new { role = "agent" });
            using var secondDisabled = await Client.PostAsync($"/v1/agents/{second}/disable", null);
            Assert.Multiple(() =>
            {
                Assert.That(demoted.StatusCode, Is.EqualTo(HttpStatusCode.OK), "another enabled admin exists");
                Assert.That(secondDisabled.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "now the second is the last one");
            });
        }
        finally
        {
            await using var connection = await DataSource().OpenConnectionAsync();
            await connection.ExecuteAsync(
                "UPDATE conversations.agents SET disabled_at = NULL WHERE username = ANY(@others)", new { others });
            await connection.ExecuteAsync(
                "UPDATE conversations.agents SET role = 'admin' WHERE username = @admin", new { admin = Service.Admin });
        }
    }

    [Test]
    public async Task A_reset_password_ends_every_session_and_only_the_new_password_signs_in()
    {
        var agent = await Service.CreateAgentAsync();
        var cookie = await Service.SignInAsync(agent, Password);

        using var tooShort = await Client.PutAsJsonAsync($"/v1/agents/{agent}/password", new { password = "short" });
        using var reset = await Client.PutAsJsonAsync($"/v1/agents/{agent}/password", new { password = "the-new-password" });
        using var oldPassword = await LoginAsync(agent, Password);
        using var newPassword = await LoginAsync(agent, "the-new-password");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(tooShort.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await tooShort.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("password", out _), Is.True);
            Assert.That(reset.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await MeAsync(cookie), Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(oldPassword.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(newPassword.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        });
    }

    [Test]
    public async Task An_agent_changes_their_own_password_their_other_sessions_end_and_this_one_stays()
    {
        var agent = await Service.CreateAgentAsync();
        var here = await Service.SignInAsync(agent, Password);
        var elsewhere = await Service.SignInAsync(agent, Password);
        using var client = Service.ClientWithCookie(here);

        using var wrongCurrent = await client.PutAsJsonAsync("/auth/password", new { currentPassword = "not-my-password", newPassword = "my-new-password" });
        using var tooShort = await client.PutAsJsonAsync("/auth/password", new { currentPassword = Password, newPassword = "short" });
        using var same = await client.PutAsJsonAsync("/auth/password", new { currentPassword = Password, newPassword = Password });
        var unchanged = await MeAsync(elsewhere);
        using var changed = await client.PutAsJsonAsync("/auth/password", new { currentPassword = Password, newPassword = "my-new-password" });
        using var oldPassword = await LoginAsync(agent, Password);
        using var newPassword = await LoginAsync(agent, "my-new-password");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(wrongCurrent.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await ErrorFieldsAsync(wrongCurrent), Is.EqualTo(new[] { "currentPassword" }));
            Assert.That(tooShort.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await ErrorFieldsAsync(tooShort), Is.EqualTo(new[] { "newPassword" }));
            Assert.That(same.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(unchanged, Is.EqualTo(HttpStatusCode.OK), "a refused change ends nothing");
            Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(await MeAsync(here), Is.EqualTo(HttpStatusCode.OK), "the session that changed it stays");
            Assert.That(await MeAsync(elsewhere), Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(oldPassword.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(newPassword.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        });
    }

    [Test]
    public async Task Guessing_the_current_password_locks_like_guessing_at_sign_in()
    {
        var agent = await Service.CreateAgentAsync();
        using var client = Service.ClientWithCookie(await Service.SignInAsync(agent, Password));

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var guess = await client.PutAsJsonAsync("/auth/password", new { currentPassword = $"guess-number-{i}", newPassword = "my-new-password" });
            answers.Add(guess.StatusCode);
        }
        using var rightButLocked = await client.PutAsJsonAsync("/auth/password", new { currentPassword = Password, newPassword = "my-new-password" });

        Assert.Multiple(() =>
        {
            Assert.That(answers.Take(4), Is.All.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(answers.Skip(4), Is.All.EqualTo(HttpStatusCode.TooManyRequests), "the fifth wrong password locks (Inbox:SignIn defaults)");
            Assert.That(rightButLocked.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(rightButLocked.Headers.RetryAfter, Is.Not.Null);
        });
    }

    [Test]
    public async Task An_api_key_has_no_password_to_change()
    {
        using var response = await Client.PutAsJsonAsync("/auth/password", new { currentPassword = "whatever-it-is", newPassword = "my-new-password" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Every_change_is_recorded_with_who_did_what_to_whom_and_when()
    {
        var agent = await Service.CreateAgentAsync();
        using var asAdmin = await Service.SignedInClientAsync(Service.Admin, InboxService.AdminPassword);
        var started = DateTimeOffset.UtcNow;

        (await asAdmin.PostAsync($"/v1/agents/{agent}/disable", null)).Dispose();
        (await asAdmin.PostAsync($"/v1/agents/{agent}/disable", null)).Dispose(); // already disabled: nothing to record
        (await asAdmin.PostAsync($"/v1/agents/{agent}/enable", null)).Dispose();
        (await asAdmin.PutAsJsonAsync($"/v1/agents/{agent}/role", new { role = "admin" })).Dispose();
        (await Client.PutAsJsonAsync($"/v1/agents/{agent}/role", new { role = "agent" })).Dispose();
        (await asAdmin.PutAsJsonAsync($"/v1/agents/{agent}/password", new { password = "reset-password-1" })).Dispose();
        using (var own = Service.ClientWithCookie(await Service.SignInAsync(agent, "reset-password-1")))
            (await own.PutAsJsonAsync("/auth/password", new { currentPassword = "reset-password-1", newPassword = "own-password-1" })).Dispose();
        (await asAdmin.DeleteAsync($"/v1/agents/{agent}/sessions")).Dispose();

        var changes = (await asAdmin.GetFromJsonAsync<JsonElement[]>($"/v1/agents/{agent}/changes"))!;
        await using var connection = await DataSource().OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(string Actor, string Action, string? Detail)>(
            "SELECT actor, action, detail FROM conversations.agent_account_changes WHERE agent = @agent ORDER BY id", new { agent })).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(rows, Is.EqualTo(new (string, string, string?)[]
            {
                ("api-key", "created", "agent"),
                (Service.Admin, "disabled", null),
                (Service.Admin, "enabled", null),
                (Service.Admin, "role_changed", "agent -> admin"),
                ("api-key", "role_changed", "admin -> agent"),
                (Service.Admin, "password_reset", null),
                (agent, "password_changed", null),
                (Service.Admin, "sessions_ended", null),
            }));
            Assert.That(changes.Select(c => c.GetProperty("action").GetString()), Is.EqualTo(rows.Select(r => r.Action).Reverse()), "newest first");
            Assert.That(changes.Select(c => c.GetProperty("agent").GetString()), Is.All.EqualTo(agent));
            Assert.That(changes.Select(c => c.GetProperty("at").GetDateTimeOffset()), Is.All.InRange(started.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5)));
        });
    }

    private async Task<HttpResponseMessage> LoginAsync(string username, string password)
    {
        using var client = Service.AnonymousClient();
        return await client.PostAsJsonAsync("/auth/login", new { username, password });
    }

    private Task<HttpStatusCode> MeAsync(string cookie) => MeAsync(cookie, Service);

    private static async Task<HttpStatusCode> MeAsync(string cookie, InboxService service)
    {
        using var client = service.ClientWithCookie(cookie);
        return await MeAsync(client);
    }

    private static async Task<HttpStatusCode> MeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/auth/me");
        return response.StatusCode;
    }

    private static async Task<string[]> ErrorFieldsAsync(HttpResponseMessage response) =>
        [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name)];

    /// <summary>Every other enabled admin of the shared test database (other fixtures' bootstrap admins) disabled; their names, to enable them again.</summary>
    private async Task<string[]> DisableOtherAdminsAsync()
    {
        await using var connection = await DataSource().OpenConnectionAsync();
        return [.. await connection.QueryAsync<string>("""
            UPDATE conversations.agents SET disabled_at = now()
            WHERE role = 'admin' AND disabled_at IS NULL AND username <> @admin
            RETURNING username
            """, new { admin = Service.Admin })];
    }

    private NpgsqlDataSource DataSource() => Service.Factory.Services.GetRequiredService<NpgsqlDataSource>();

    private async Task<int> SessionCountAsync(string agent)
    {
        await using var connection = await DataSource().OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM conversations.agent_sessions WHERE username = @agent", new { agent });
    }
}
