using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sms.Conversations.Tests.Support;

namespace Sms.Conversations.Tests.Inbox;

/// <summary>
/// Server-side sessions: the cookie carries a random token of a session kept in PostgreSQL, and every way a session
/// ends (signing out, signing out everywhere, an admin, another instance, idle and absolute expiry) stops the cookie.
/// </summary>
public sealed class SessionTests : InboxServiceTest
{
    private const string Password = "agent-password-1";

    [Test]
    public async Task After_logout_the_old_cookie_gets_401_on_every_api_endpoint()
    {
        var agent = await Service.CreateAgentAsync();
        var cookie = await Service.SignInAsync(agent, Password);
        using var client = Service.ClientWithCookie(cookie);
        using (var before = await client.GetAsync("/v1/conversations?limit=1"))
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        using (var logout = await client.PostAsync("/auth/logout", null))
            Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        // The same cookie value, sent again as a copy of it would be (the client keeps sending it).
        var answers = new List<string>();
        foreach (var (method, url) in ApiEndpoints(Service))
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (method is not "GET" and not "HEAD" and not "DELETE")
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(request);
            answers.Add($"{method} {url} -> {(int)response.StatusCode}");
        }
        Assert.That(answers, Has.Count.GreaterThan(20), "the enumeration sees the API");
        Assert.That(answers.Where(a => !a.EndsWith("-> 401", StringComparison.Ordinal)), Is.Empty, string.Join("\n", answers));
    }

    [Test]
    public async Task The_cookie_carries_only_a_random_token_and_the_database_keeps_its_hash()
    {
        var agent = await Service.CreateAgentAsync();
        var first = await Service.SignInAsync(agent, Password);
        var second = await Service.SignInAsync(agent, Password);

        await using var connection = await DataSource().OpenConnectionAsync();
        var hashes = (await connection.QueryAsync<byte[]>(
            "SELECT token_hash FROM conversations.agent_sessions WHERE username = @agent", new { agent })).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(first, Does.Match("^[A-Za-z0-9_-]{43}$"), "256 random bits, base64url");
            Assert.That(second, Is.Not.EqualTo(first));
            Assert.That(hashes, Is.EquivalentTo(new[] { SHA256.HashData(Encoding.ASCII.GetBytes(first)), SHA256.HashData(Encoding.ASCII.GetBytes(second)) }));
        });
    }

    [Test]
    public async Task The_session_list_shows_each_sign_in_and_marks_the_current_one()
    {
        var agent = await Service.CreateAgentAsync();
        var laptop = await Service.SignInAsync(agent, Password, "Laptop/1.0");
        await Service.SignInAsync(agent, Password, "Phone/2.0");
        using var client = Service.ClientWithCookie(laptop);

        var sessions = await client.GetFromJsonAsync<JsonElement[]>("/auth/sessions");

        Assert.That(sessions, Has.Length.EqualTo(2));
        var current = sessions!.Single(s => s.GetProperty("current").GetBoolean());
        Assert.Multiple(() =>
        {
            Assert.That(current.GetProperty("userAgent").GetString(), Is.EqualTo("Laptop/1.0"));
            Assert.That(sessions!.Select(s => s.GetProperty("userAgent").GetString()), Is.EquivalentTo(new[] { "Laptop/1.0", "Phone/2.0" }));
            Assert.That(current.GetProperty("createdAt").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
            Assert.That(current.GetProperty("expiresAt").GetDateTimeOffset() - current.GetProperty("createdAt").GetDateTimeOffset(),
                Is.EqualTo(TimeSpan.FromHours(12)));
        });
    }

    [Test]
    public async Task Signing_out_everywhere_ends_the_other_sessions_of_the_agent_too()
    {
        var agent = await Service.CreateAgentAsync();
        var other = await Service.CreateAgentAsync();
        var here = await Service.SignInAsync(agent, Password);
        var elsewhere = await Service.SignInAsync(agent, Password);
        var otherAgents = await Service.SignInAsync(other, Password);
        using var client = Service.ClientWithCookie(here);

        using var everywhere = await client.DeleteAsync("/auth/sessions");

        Assert.That(everywhere.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await everywhere.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ended").GetInt32(), Is.EqualTo(2));
        Assert.That(await MeAsync(here), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await MeAsync(elsewhere), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await MeAsync(otherAgents), Is.EqualTo(HttpStatusCode.OK), "another agent's session goes on");
    }

    [Test]
    public async Task Ending_one_session_ends_only_that_one_and_only_the_agents_own()
    {
        var agent = await Service.CreateAgentAsync();
        var other = await Service.CreateAgentAsync();
        var here = await Service.SignInAsync(agent, Password, "Here/1.0");
        var there = await Service.SignInAsync(agent, Password, "There/1.0");
        var othersCookie = await Service.SignInAsync(other, Password);
        using var client = Service.ClientWithCookie(here);
        using var otherClient = Service.ClientWithCookie(othersCookie);
        var thereId = (await client.GetFromJsonAsync<JsonElement[]>("/auth/sessions"))!
            .Single(s => s.GetProperty("userAgent").GetString() == "There/1.0").GetProperty("id").GetGuid();

        using var byAnotherAgent = await otherClient.DeleteAsync($"/auth/sessions/{thereId}");
        var stillThere = await MeAsync(there);
        using var ended = await client.DeleteAsync($"/auth/sessions/{thereId}");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(byAnotherAgent.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "an agent ends only its own sessions");
            Assert.That(stillThere, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ended.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(await MeAsync(there), Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await MeAsync(here), Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task An_admin_ends_every_session_of_an_agent_and_an_agent_may_not()
    {
        var agent = await Service.CreateAgentAsync();
        var bystander = await Service.CreateAgentAsync();
        var first = await Service.SignInAsync(agent, Password);
        var second = await Service.SignInAsync(agent, Password);
        using var asAgent = Service.ClientWithCookie(await Service.SignInAsync(bystander, Password));
        using var asAdmin = Service.ClientWithCookie(await Service.SignInAsync(Service.Admin, InboxService.AdminPassword));

        using var refused = await asAgent.DeleteAsync($"/v1/agents/{agent}/sessions");
        using var unknown = await asAdmin.DeleteAsync("/v1/agents/nobody-by-this-name/sessions");
        using var ended = await asAdmin.DeleteAsync($"/v1/agents/{agent}/sessions");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(ended.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await ended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ended").GetInt32(), Is.EqualTo(2));
            Assert.That(await MeAsync(first), Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await MeAsync(second), Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task Another_instance_honours_the_session_and_stops_honouring_it_within_seconds_of_the_logout()
    {
        await using var other = await InboxService.StartAsync(new Dictionary<string, string> { ["Inbox:Sessions:CacheSeconds"] = "1" });
        var agent = await Service.CreateAgentAsync();
        var cookie = await Service.SignInAsync(agent, Password);
        using var here = Service.ClientWithCookie(cookie);
        using var there = other.ClientWithCookie(cookie);
        using (var before = await there.GetAsync("/auth/me"))
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a session started on one instance works on the other");

        using (var logout = await here.PostAsync("/auth/logout", null))
            Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        var stopped = Stopwatch.StartNew();
        HttpStatusCode answer;
        do
        {
            using var response = await there.GetAsync("/auth/me");
            answer = response.StatusCode;
            if (answer != HttpStatusCode.Unauthorized)
                await Task.Delay(100);
        }
        while (answer != HttpStatusCode.Unauthorized && stopped.Elapsed < TimeSpan.FromSeconds(10));
        Assert.That(answer, Is.EqualTo(HttpStatusCode.Unauthorized), "the other instance no longer takes the cookie");
        Assert.That(stopped.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "within its cache time (1 s here)");
    }

    [TestCase("last_seen_at = now() - interval '121 minutes'", TestName = "A_session_idle_longer_than_the_idle_time_has_ended")]
    [TestCase("created_at = now() - interval '13 hours', expires_at = now() - interval '1 minute'", TestName = "A_session_past_its_absolute_end_has_ended_however_busy")]
    public async Task A_session_that_is_over_has_ended(string change)
    {
        await using var uncached = await InboxService.StartAsync(new Dictionary<string, string> { ["Inbox:Sessions:CacheSeconds"] = "0" });
        var agent = await uncached.CreateAgentAsync();
        var cookie = await uncached.SignInAsync(agent, Password);
        Assert.That(await MeAsync(cookie, uncached), Is.EqualTo(HttpStatusCode.OK));

        await using (var connection = await DataSource().OpenConnectionAsync())
            await connection.ExecuteAsync($"UPDATE conversations.agent_sessions SET {change} WHERE username = @agent", new { agent });

        Assert.That(await MeAsync(cookie, uncached), Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_live_update_stream_ends_when_its_session_is_signed_out()
    {
        var agent = await Service.CreateAgentAsync();
        var cookie = await Service.SignInAsync(agent, Password);
        using var client = Service.ClientWithCookie(cookie);
        using var stream = await client.GetAsync("/v1/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.That(stream.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        Assert.That(await reader.ReadLineAsync(), Does.StartWith("retry:"));

        using (var logout = await client.PostAsync("/auth/logout", null))
            Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        var rest = reader.ReadToEndAsync();
        Assert.That(await Task.WhenAny(rest, Task.Delay(TimeSpan.FromSeconds(10))), Is.SameAs(rest), "the stream ended");
    }

    private Task<HttpStatusCode> MeAsync(string cookie) => MeAsync(cookie, Service);

    private static async Task<HttpStatusCode> MeAsync(string cookie, InboxService service)
    {
        using var client = service.ClientWithCookie(cookie);
        using var response = await client.GetAsync("/auth/me");
        return response.StatusCode;
    }

    private NpgsqlDataSource DataSource() => Service.Factory.Services.GetRequiredService<NpgsqlDataSource>();

    /// <summary>Every endpoint of the service but health and sign-in, with a made-up value for each route parameter.</summary>
    private static IEnumerable<(string Method, string Url)> ApiEndpoints(InboxService service) =>
        service.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            // The public attachment URL is the carrier's, not a session's: it answers only a valid signature (AttachmentTests).
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.StartsWith("/health", StringComparison.Ordinal) && raw != "/auth/login"
                        && !raw.EndsWith("/public", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => (method, InboxService.UrlOf(e.RoutePattern))));

}
