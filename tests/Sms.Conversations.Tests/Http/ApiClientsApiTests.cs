using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Sms.Conversations.Tests.Support;
using Sms.ServiceDefaults.Security;
using Sms.Testing;

namespace Sms.Conversations.Tests.Http;

/// <summary>
/// API clients managed over <c>/v1/api-clients</c> (bootstrap key here), on the real PostgreSQL: the key is shown once
/// and only its hash kept, it works with its scopes once the list is published, its use is recorded, and revoked it is
/// refused.
/// </summary>
public sealed class ApiClientsApiTests
{
    private InboxService inbox = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => inbox = await InboxService.StartAsync(new Dictionary<string, string>
    {
        ["Api:Clients:UsageReportInterval"] = "00:00:00.200",
    });

    [OneTimeTearDown]
    public async Task StopAsync() => await inbox.DisposeAsync();

    [Test]
    public async Task A_new_client_s_key_is_shown_once_and_only_the_hash_of_its_secret_is_stored()
    {
        using var admin = inbox.ApiKeyClient();
        var (id, key) = await CreateAsync(admin, "crm-" + Guid.NewGuid().ToString("N")[..6], ApiScopes.InboxRead);

        var listed = await admin.GetStringAsync("/v1/api-clients");
        var dataSource = await ConversationsDatabase.GetAsync();
        await using var connection = await dataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleAsync<string>("SELECT row_to_json(c)::text FROM conversations.api_clients c WHERE id = @id", new { id });
        var hash = await connection.QuerySingleAsync<string>("SELECT secret_hash FROM conversations.api_clients WHERE id = @id", new { id });
        Assert.That(ApiClientKey.TryParse(key, out var parsedId, out var secret), Is.True, key);

        Assert.Multiple(() =>
        {
            Assert.That(key, Does.StartWith($"sk_{id:N}_"));
            Assert.That(parsedId, Is.EqualTo(id));
            Assert.That(hash, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))));
            Assert.That(row, Does.Not.Contain(secret));
            Assert.That(listed, Does.Contain(id.ToString()).And.Not.Contain(secret).And.Not.Contain(hash));
        });
    }

    [Test]
    public async Task A_client_s_key_works_with_its_scopes_and_its_last_use_is_recorded()
    {
        using var admin = inbox.ApiKeyClient();
        var (id, key) = await CreateAsync(admin, "reader", ApiScopes.InboxRead);
        using var reader = WithKey(key);

        var read = await EventuallyAsync(() => reader.GetAsync("/v1/conversations"), r => r.StatusCode == HttpStatusCode.OK);
        using var write = await reader.PostAsJsonAsync($"/v1/conversations/{Guid.NewGuid()}/flag", new { flagged = true });
        var lastUsed = await EventuallyAsync(async () => (await ListedAsync(admin, id)).GetProperty("lastUsedAt"), v => v.ValueKind == JsonValueKind.String);

        Assert.Multiple(() =>
        {
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(write.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(lastUsed.GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
        });
    }

    [Test]
    public async Task A_revoked_client_s_key_is_refused_401_and_the_list_says_who_revoked_it()
    {
        using var admin = inbox.ApiKeyClient();
        var (id, key) = await CreateAsync(admin, "to-revoke", ApiScopes.Send, ApiScopes.InboxAdmin);
        using var client = WithKey(key);
        await EventuallyAsync(() => client.GetAsync("/v1/api-clients"), r => r.StatusCode == HttpStatusCode.OK);

        using var revoke = await admin.DeleteAsync($"/v1/api-clients/{id}");
        var refused = await EventuallyAsync(() => client.GetAsync("/v1/api-clients"), r => r.StatusCode != HttpStatusCode.OK);
        var listed = await ListedAsync(admin, id);

        Assert.Multiple(() =>
        {
            Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(listed.GetProperty("revokedBy").GetString(), Is.EqualTo(ApiKeyAuthenticationHandler.UserName));
        });
    }

    [Test]
    public async Task Only_admins_manage_clients_an_agent_signed_in_gets_403()
    {
        var agent = await inbox.CreateAgentAsync();
        using var signedIn = await inbox.SignedInClientAsync(agent, "agent-password-1");

        using var list = await signedIn.GetAsync("/v1/api-clients");
        using var create = await signedIn.PostAsJsonAsync("/v1/api-clients", new { name = "x", scopes = new[] { ApiScopes.Send } });

        Assert.Multiple(() =>
        {
            Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(create.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [TestCase("{\"name\":\"\",\"scopes\":[\"send\"]}", "name")]
    [TestCase("{\"name\":\"crm\",\"scopes\":[]}", "scopes")]
    [TestCase("{\"name\":\"crm\",\"scopes\":[\"admin\"]}", "scopes")]
    public async Task A_client_without_a_name_or_with_no_or_unknown_scopes_is_refused_400(string body, string field)
    {
        using var admin = inbox.ApiKeyClient();

        using var response = await admin.PostAsync("/v1/api-clients", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, problem.ToString());
        });
    }

    internal static async Task<(Guid Id, string Key)> CreateAsync(HttpClient admin, string name, params string[] scopes)
    {
        using var response = await admin.PostAsJsonAsync("/v1/api-clients", new { name, scopes });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToString());
        return (body.GetProperty("client").GetProperty("id").GetGuid(), body.GetProperty("key").GetString()!);
    }

    private HttpClient WithKey(string key)
    {
        var client = inbox.Factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthentication.HeaderName, key);
        return client;
    }

    private static async Task<JsonElement> ListedAsync(HttpClient admin, Guid id) =>
        (await admin.GetFromJsonAsync<JsonElement>("/v1/api-clients")).EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == id);

    /// <summary>Asks until the answer passes (the list and the use reports travel over the bus), at most 10 s.</summary>
    internal static async Task<T> EventuallyAsync<T>(Func<Task<T>> ask, Func<T, bool> passes)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var answer = await ask();
            if (passes(answer) || DateTime.UtcNow > until) return answer;
            await Task.Delay(50);
        }
    }
}
