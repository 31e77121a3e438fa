using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Sms.Conversations.Tests.Support;

namespace Sms.Conversations.Tests.Inbox;

/// <summary>Signing in, the cookie session and the API key on the same API, roles, and the CSRF header rule.</summary>
public sealed class AuthenticationTests : InboxServiceTest
{
    [Test]
    public async Task The_bootstrap_admin_signs_in_and_the_cookie_authenticates_the_api()
    {
        using var client = await Service.SignedInClientAsync(Service.Admin, InboxService.AdminPassword);

        var me = await client.GetFromJsonAsync<JsonElement>("/auth/me");
        using var list = await client.GetAsync("/v1/conversations?limit=1");

        Assert.Multiple(() =>
        {
            Assert.That(me.GetProperty("username").GetString(), Is.EqualTo(Service.Admin));
            Assert.That(me.GetProperty("role").GetString(), Is.EqualTo("admin"));
            Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task The_login_answer_sets_an_http_only_strict_cookie()
    {
        using var client = Service.AnonymousClient();
        using var response = await client.PostAsJsonAsync("/auth/login", new { username = Service.Admin, password = InboxService.AdminPassword });

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sms_inbox=", StringComparison.Ordinal));
        Assert.That(cookie, Does.Contain("httponly").IgnoreCase.And.Contain("samesite=strict").IgnoreCase);
    }

    [TestCase("wrong-password")]
    [TestCase("")]
    public async Task A_wrong_password_is_401_and_sets_no_cookie(string password)
    {
        using var client = Service.AnonymousClient();
        using var response = await client.PostAsJsonAsync("/auth/login", new { username = Service.Admin, password });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.Contains("Set-Cookie"), Is.False);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Wrong user name or password"));
    }

    [Test]
    public async Task An_unknown_user_is_401_like_a_wrong_password()
    {
        using var client = Service.AnonymousClient();
        using var response = await client.PostAsJsonAsync("/auth/login", new { username = "nobody-" + Guid.NewGuid().ToString("N")[..8], password = "whatever-it-is" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Five_wrong_passwords_lock_the_user_name_the_right_one_included_until_the_lock_ends()
    {
        var agent = await Service.CreateAgentAsync("agent", "agent-password-1");
        using var client = Service.AnonymousClient();

        var wrong = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.PostAsJsonAsync("/auth/login", new { username = agent, password = $"guess-{i}" });
            wrong.Add(response.StatusCode);
        }
        using var rightWhileLocked = await client.PostAsJsonAsync("/auth/login", new { username = agent, password = "agent-password-1" });
        var problem = await rightWhileLocked.Content.ReadFromJsonAsync<JsonElement>();
        await EndLockAsync(agent);
        using var rightAfterwards = await client.PostAsJsonAsync("/auth/login", new { username = agent, password = "agent-password-1" });

        Assert.Multiple(() =>
        {
            Assert.That(wrong, Is.EqualTo(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
                HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
            Assert.That(rightWhileLocked.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "no password is checked while locked");
            Assert.That(rightWhileLocked.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(14 * 60, 15 * 60));
            Assert.That(rightWhileLocked.Headers.Contains("Set-Cookie"), Is.False);
            Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Too many wrong passwords"));
            Assert.That(rightAfterwards.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        });
    }

    [Test]
    public async Task A_right_password_starts_the_count_of_wrong_ones_again()
    {
        var agent = await Service.CreateAgentAsync("agent", "agent-password-1");

        var before = await WrongPasswordsAsync(agent, 4);
        using (var client = Service.AnonymousClient())
        using (var right = await client.PostAsJsonAsync("/auth/login", new { username = agent, password = "agent-password-1" }))
            Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var after = await WrongPasswordsAsync(agent, 4);

        Assert.That(before.Concat(after), Is.All.EqualTo(HttpStatusCode.Unauthorized), "eight wrong passwords, never five in a row");
    }

    private async Task<IReadOnlyList<HttpStatusCode>> WrongPasswordsAsync(string username, int count)
    {
        using var client = Service.AnonymousClient();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var response = await client.PostAsJsonAsync("/auth/login", new { username, password = $"guess-{i}" });
            answers.Add(response.StatusCode);
        }
        return answers;
    }

    [Test]
    public async Task A_user_name_with_no_account_locks_like_one_with_an_account()
    {
        var ghost = "ghost-" + Guid.NewGuid().ToString("N")[..8];
        using var client = Service.AnonymousClient();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.PostAsJsonAsync("/auth/login", new { username = ghost, password = $"guess-{i}" });
            answers.Add(response.StatusCode);
        }

        Assert.That(answers, Is.EqualTo(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
            HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests }), "the answers do not tell which names exist");
    }

    /// <summary>The lock's time passes: its end moved to the past in the store.</summary>
    private async Task EndLockAsync(string username)
    {
        var dataSource = Service.Factory.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        await using var command = dataSource.CreateCommand(
            "UPDATE conversations.sign_in_failures SET locked_until = now() - interval '1 second' WHERE username = $1");
        command.Parameters.AddWithValue(username);
        Assert.That(await command.ExecuteNonQueryAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task The_api_key_authenticates_the_api_and_counts_as_admin()
    {
        using var client = Service.ApiKeyClient();
        var me = await client.GetFromJsonAsync<JsonElement>("/auth/me");
        Assert.That(me.GetProperty("username").GetString(), Is.EqualTo("api-key"));
        Assert.That(me.GetProperty("role").GetString(), Is.EqualTo("admin"));
    }

    [TestCase("/v1/conversations")]
    [TestCase("/v1/events")]
    [TestCase("/v1/metrics")]
    [TestCase("/v1/agents")]
    [TestCase("/auth/me")]
    [TestCase("/openapi/v1.json")]
    public async Task Without_a_session_or_key_the_api_answers_401_json_never_a_redirect(string path)
    {
        using var client = Service.AnonymousClient();
        using var response = await client.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    /// <summary>The only endpoints that answer without a session or key, as "METHOD pattern".</summary>
    /// <remarks>
    /// <c>/v1/attachments/{id}/public</c> is fetched by a carrier without our credentials: it serves an agent's picture
    /// only for a valid, unexpired signature, and answers 404 otherwise (AttachmentTests).
    /// </remarks>
    private static readonly string[] AnonymousEndpoints = ["GET /health/live", "GET /health/ready", "POST /auth/login", "GET /v1/attachments/{id:guid}/public"];

    /// <summary>The only files of the page served without a session: what the login page needs.</summary>
    private static readonly string[] AnonymousFiles = ["/inbox/login.html", "/inbox/login.js", "/inbox/app.css"];

    [Test]
    public async Task Every_registered_endpoint_but_health_and_login_answers_401_without_a_session_or_key()
    {
        var endpoints = Service.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => (Method: method, e.RoutePattern, Name: $"{method} {e.RoutePattern.RawText?.TrimEnd('/')}")))
            .ToList();
        var names = endpoints.Select(e => e.Name).ToList();
        using var client = Service.AnonymousClient();

        var answers = new List<string>();
        foreach (var (method, pattern, name) in endpoints)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), InboxService.UrlOf(pattern));
            if (method is not "GET" and not "HEAD" and not "DELETE")
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(request);
            answers.Add($"{name} -> {(int)response.StatusCode}");
        }

        Assert.That(names, Is.SupersetOf(new[]
        {
            "GET /v1/conversations", "POST /v1/conversations/{id:guid}/replies", "DELETE /v1/canned-responses/{id:guid}",
            "GET /openapi/{documentName}.json", "GET /v1/events", "POST /v1/agents",
        }), "the enumeration sees the API");
        Assert.That(AnonymousEndpoints.Except(names), Is.Empty, "every allowed endpoint exists");
        Assert.That(answers.Where(a => !AnonymousEndpoints.Any(allowed => a.StartsWith(allowed + " ->", StringComparison.Ordinal)) && !a.EndsWith("-> 401", StringComparison.Ordinal)),
            Is.Empty, string.Join("\n", answers));
    }

    [Test]
    public async Task Every_file_of_the_page_but_the_login_pages_sends_a_visitor_without_a_session_to_the_login_page()
    {
        var environment = Service.Factory.Services.GetRequiredService<IWebHostEnvironment>();
        var files = environment.WebRootFileProvider.GetDirectoryContents("inbox").Where(f => !f.IsDirectory).Select(f => "/inbox/" + f.Name).ToList();
        using var client = Service.AnonymousClient();

        var answers = new List<string>();
        foreach (var path in files.Append("/inbox/"))
        {
            using var response = await client.GetAsync(path);
            answers.Add($"{path} -> {(int)response.StatusCode} {response.Headers.Location?.OriginalString}".TrimEnd());
        }

        Assert.That(files, Is.SupersetOf(new[] { "/inbox/app.js", "/inbox/index.html", "/inbox/api.js" }));
        Assert.That(AnonymousFiles.Except(files), Is.Empty, "every allowed file exists");
        Assert.That(answers, Is.EquivalentTo(files.Append("/inbox/").Select(path => AnonymousFiles.Contains(path)
            ? $"{path} -> 200"
            : $"{path} -> 302 /inbox/login.html")));
    }

    [Test]
    public async Task A_wrong_api_key_is_401()
    {
        using var client = Service.AnonymousClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "not-the-key");
        using var response = await client.GetAsync("/v1/conversations");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task The_page_sends_a_visitor_without_a_session_to_the_login_page()
    {
        using var client = Service.AnonymousClient();
        using var inbox = await client.GetAsync("/inbox/");
        using var root = await client.GetAsync("/");
        using var health = await client.GetAsync("/health/live");

        Assert.Multiple(() =>
        {
            Assert.That(inbox.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(inbox.Headers.Location?.OriginalString, Is.EqualTo("/inbox/login.html"));
            Assert.That(root.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(root.Headers.Location?.OriginalString, Is.EqualTo("/inbox/"));
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task Only_an_admin_creates_agents_and_the_new_agent_can_sign_in()
    {
        var agent = await Service.CreateAgentAsync("agent", "agent-password-1");
        using var agentClient = await Service.SignedInClientAsync(agent, "agent-password-1");
        using var admin = await Service.SignedInClientAsync(Service.Admin, InboxService.AdminPassword);

        using var refused = await agentClient.PostAsJsonAsync("/v1/agents",
            new { username = "sneaky-" + Guid.NewGuid().ToString("N")[..6], displayName = "S", password = "long-enough-pw", role = "admin" });
        var newName = "new-" + Guid.NewGuid().ToString("N")[..8];
        using var created = await admin.PostAsJsonAsync("/v1/agents", new { username = newName, displayName = "New One", password = "long-enough-pw", role = "agent" });
        using var again = await admin.PostAsJsonAsync("/v1/agents", new { username = newName, displayName = "New One", password = "long-enough-pw", role = "agent" });
        var agents = await agentClient.GetFromJsonAsync<JsonElement>("/v1/agents");
        var me = await agentClient.GetFromJsonAsync<JsonElement>("/auth/me");

        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(agents.EnumerateArray().Select(a => a.GetProperty("username").GetString()), Does.Contain(newName).And.Contain(agent));
            Assert.That(agents.EnumerateArray().All(a => !a.TryGetProperty("passwordHash", out _)), Is.True);
            Assert.That(me.GetProperty("role").GetString(), Is.EqualTo("agent"));
            Assert.That(me.GetProperty("displayName").GetString(), Is.EqualTo("Test agent"));
        });
    }

    [TestCase("Bad Name", "Display", "long-enough-pw", "agent", "username")]
    [TestCase("okname", "", "long-enough-pw", "agent", "displayName")]
    [TestCase("okname", "Display", "short", "agent", "password")]
    [TestCase("okname", "Display", "long-enough-pw", "boss", "role")]
    public async Task A_bad_agent_account_is_400_naming_the_field(string username, string displayName, string password, string role, string field)
    {
        using var client = Service.ApiKeyClient();
        using var response = await client.PostAsJsonAsync("/v1/agents", new { username, displayName, password, role });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, problem.ToString());
    }

    [Test]
    public async Task A_cookie_call_that_changes_something_needs_the_csrf_header_an_api_key_call_does_not()
    {
        using var withoutHeader = await Service.SignedInClientAsync(Service.Admin, InboxService.AdminPassword, csrfHeader: false);
        using var apiKey = Service.ApiKeyClient();
        var body = new { title = "Hello", text = "Hi {first_name}" };

        using var refused = await withoutHeader.PostAsJsonAsync("/v1/canned-responses", body);
        using var read = await withoutHeader.GetAsync("/v1/canned-responses");
        withoutHeader.DefaultRequestHeaders.Add("X-Requested-With", "inbox");
        using var accepted = await withoutHeader.PostAsJsonAsync("/v1/canned-responses", body);
        using var byKey = await apiKey.PostAsJsonAsync("/v1/canned-responses", body);

        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(byKey.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        });
    }

    [Test]
    public async Task After_logout_the_cookie_no_longer_works()
    {
        using var client = await Service.SignedInClientAsync(Service.Admin, InboxService.AdminPassword);
        using var logout = await client.PostAsync("/auth/logout", null);
        using var me = await client.GetAsync("/auth/me");

        Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
