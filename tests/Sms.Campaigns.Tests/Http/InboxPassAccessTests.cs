using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Sms.Campaigns.Tests.Support;
using Sms.ServiceDefaults.Security;
using Sms.Testing;

namespace Sms.Campaigns.Tests.Http;

/// <summary>
/// The inbox page calls Campaigns with a pass Conversations signed (README, "The Campaigns page"): Campaigns takes a
/// valid one as the agent with its scopes, refuses any other with 401, and lets only the inbox's origin call across
/// origins (CORS), its 401s included.
/// </summary>
public sealed class InboxPassAccessTests : CampaignsServiceTest
{
    private const string PassKey = "a-test-inbox-pass-key";
    private const string InboxOrigin = "http://inbox.test:5500";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Inbox:PassKey"] = PassKey,
        ["Campaigns:InboxOrigins:0"] = InboxOrigin + "/",
    };

    private static string Pass(IReadOnlyList<string>? scopes = null, string audience = "campaigns", TimeSpan? expiresIn = null, string key = PassKey) =>
        InboxPass.Issue(new InboxPassClaims("ada", "Ada Lovelace", scopes ?? ApiScopes.All, audience,
            DateTimeOffset.UtcNow + (expiresIn ?? InboxPass.Lifetime)), key);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? pass, string? origin = null, object? body = null)
    {
        using var client = Service.CreateClient();
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (pass is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", pass);
        if (origin is not null) request.Headers.Add("Origin", origin);
        return await client.SendAsync(request);
    }

    [Test]
    public async Task A_valid_pass_calls_as_the_agent_it_vouches_for()
    {
        using var listed = await SendAsync(HttpMethod.Get, "/v1/campaigns", Pass());
        using var composed = await SendAsync(HttpMethod.Post, "/v1/campaigns/compose", Pass(), body: new { text = "Hi from Acme Shoes. Reply STOP to opt out" });

        Assert.Multiple(async () =>
        {
            Assert.That(listed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(composed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await composed.Content.ReadAsStringAsync());
        });
    }

    [Test]
    public async Task A_campaign_created_with_a_pass_records_the_agent()
    {
        using var created = await SendAsync(HttpMethod.Post, "/v1/campaigns", Pass(), body: new
        {
            name = "by an agent", audienceId = await AnAudienceAsync(), text = "Hi", sendAt = DateTimeOffset.UtcNow.AddDays(1),
        });

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(body.GetProperty("createdBy").GetString(), Is.EqualTo(ApiKeyAuthenticationHandler.InboxAgentPrefix + "ada"));
    }

    [Test]
    public async Task A_pass_without_the_campaigns_scope_is_forbidden()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/campaigns", Pass([ApiScopes.InboxRead, ApiScopes.InboxWrite]));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [TestCase("expired")]
    [TestCase("other audience")]
    [TestCase("wrong key")]
    [TestCase("tampered")]
    public async Task Any_other_pass_is_refused_with_401(string which)
    {
        var pass = which switch
        {
            "expired" => Pass(expiresIn: -InboxPass.ClockSkew - TimeSpan.FromSeconds(1)),
            "other audience" => Pass(audience: "compliance"),
            "wrong key" => Pass(key: "someone-else's-key"),
            _ => Pass()[..^2] + "AA",
        };

        using var response = await SendAsync(HttpMethod.Get, "/v1/campaigns", pass);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task A_preflight_from_the_inbox_origin_is_allowed()
    {
        using var client = Service.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v1/campaigns");
        request.Headers.Add("Origin", InboxOrigin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");

        using var response = await client.SendAsync(request);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { InboxOrigin }));
            Assert.That(string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")), Does.Contain("POST"));
            Assert.That(string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant(),
                Does.Contain("authorization").And.Contain("content-type"));
        });
    }

    [Test]
    public async Task A_preflight_from_another_origin_is_not_allowed()
    {
        using var client = Service.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v1/campaigns");
        request.Headers.Add("Origin", "http://elsewhere.test");
        request.Headers.Add("Access-Control-Request-Method", "POST");

        using var response = await client.SendAsync(request);

        Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }

    [Test]
    public async Task A_refused_pass_from_the_inbox_origin_is_readable_by_the_page()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/campaigns", Pass(expiresIn: -TimeSpan.FromMinutes(5)), InboxOrigin);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { InboxOrigin }));
        });
    }

    private async Task<Guid> AnAudienceAsync()
    {
        using var content = new StringContent("number\n" + TestNumbers.Unique() + "\n", System.Text.Encoding.UTF8, new MediaTypeHeaderValue("text/csv"));
        using var uploaded = await Client.PostAsync("/v1/audiences?name=pass", content);
        Assert.That(uploaded.StatusCode, Is.EqualTo(HttpStatusCode.Created), await uploaded.Content.ReadAsStringAsync());
        return (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}

/// <summary>Without <c>Campaigns:InboxOrigins</c>, no browser origin may call Campaigns.</summary>
public sealed class InboxCorsUnsetTests : CampaignsServiceTest
{
    [Test]
    public async Task No_origin_is_allowed()
    {
        using var client = Service.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v1/campaigns");
        request.Headers.Add("Origin", "http://127.0.0.1:5500");
        request.Headers.Add("Access-Control-Request-Method", "GET");

        using var response = await client.SendAsync(request);

        Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }
}
