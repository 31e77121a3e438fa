using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sms.Conversations.Tests.Support;
using Sms.ServiceDefaults.Security;

namespace Sms.Conversations.Tests.Inbox;

/// <summary>
/// <c>POST /v1/inbox/passes</c>: an admin signed in gets a pass for Campaigns that Campaigns' reader takes; an agent, an
/// API key's caller and an unknown service do not (README, "The Campaigns page").
/// </summary>
public sealed class InboxPassApiTests : InboxServiceTest
{
    private const string PassKey = "a-test-inbox-pass-key";
    private const string CampaignsUrl = "http://campaigns.test:5600";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Inbox:PassKey"] = PassKey,
        ["Inbox:Services:campaigns"] = CampaignsUrl + "/",
    };

    [Test]
    public async Task An_admin_gets_a_five_minute_pass_for_campaigns_with_their_scopes()
    {
        using var admin = await Service.SignedInClientAsync(Service.Admin, InboxService.AdminPassword);

        using var response = await admin.PostAsJsonAsync("/v1/inbox/passes", new { service = "campaigns" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var expiresAt = body.GetProperty("expiresAt").GetDateTimeOffset();
        var pass = InboxPass.Read(body.GetProperty("token").GetString(), PassKey, "campaigns", DateTimeOffset.UtcNow);
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("url").GetString(), Is.EqualTo(CampaignsUrl));
            Assert.That(expiresAt, Is.EqualTo(DateTimeOffset.UtcNow + InboxPass.Lifetime).Within(TimeSpan.FromSeconds(30)));
            Assert.That(pass.Problem, Is.Null);
            Assert.That(pass.Claims!.Subject, Is.EqualTo(Service.Admin));
            Assert.That(pass.Claims.Scopes, Is.EquivalentTo(ApiScopes.All));
            Assert.That(InboxPass.Read(body.GetProperty("token").GetString(), PassKey, "compliance", DateTimeOffset.UtcNow).Claims, Is.Null);
        });
    }

    [Test]
    public async Task An_agent_without_the_campaigns_scope_is_refused()
    {
        var agent = await Service.CreateAgentAsync();
        using var client = await Service.SignedInClientAsync(agent, "agent-password-1");

        using var response = await client.PostAsJsonAsync("/v1/inbox/passes", new { service = "campaigns" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("'campaigns'"));
    }

    [TestCase("conversations")]
    [TestCase("nothing")]
    [TestCase("")]
    public async Task A_service_the_inbox_does_not_open_is_not_found(string service)
    {
        using var admin = await Service.SignedInClientAsync(Service.Admin, InboxService.AdminPassword);

        using var response = await admin.PostAsJsonAsync("/v1/inbox/passes", new { service });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task A_caller_with_a_key_gets_no_pass()
    {
        using var response = await Client.PostAsJsonAsync("/v1/inbox/passes", new { service = "campaigns" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task The_cookie_call_needs_the_csrf_header()
    {
        using var admin = await Service.SignedInClientAsync(Service.Admin, InboxService.AdminPassword, csrfHeader: false);

        using var response = await admin.PostAsJsonAsync("/v1/inbox/passes", new { service = "campaigns" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("X-Requested-With"));
    }
}

/// <summary>Without a pass key, no pass is issued: the inbox is not set up to open Campaigns.</summary>
public sealed class InboxPassNotConfiguredTests : InboxServiceTest
{
    [Test]
    public async Task No_pass_without_the_key()
    {
        using var admin = await Service.SignedInClientAsync(Service.Admin, InboxService.AdminPassword);

        using var response = await admin.PostAsJsonAsync("/v1/inbox/passes", new { service = "campaigns" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Inbox:PassKey"));
    }
}
