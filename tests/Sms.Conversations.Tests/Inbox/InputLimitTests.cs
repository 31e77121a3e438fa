using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sms.Conversations.Tests.Support;

namespace Sms.Conversations.Tests.Inbox;

/// <summary>
/// Hostile input to the inbox API: text no field may hold (U+0000), values beyond the limits of <c>InputLimits</c>,
/// dates out of range, and an oversized sign-in. Each is a 400 (413 for the sign-in body) that names the field, never a 500.
/// </summary>
public sealed class InputLimitTests : InboxServiceTest
{
    [TestCase("q=a%00b", "q")]
    [TestCase("label=vip%00", "label")]
    [TestCase("assignee=%00", "assignee")]
    [TestCase("limit=201", "limit")]
    public async Task A_list_query_with_NUL_or_beyond_a_limit_is_400_naming_the_parameter(string query, string field) =>
        await AssertRefusedAsync(await Client.GetAsync($"/v1/conversations?{query}"), field);

    [TestCase("to=0001-01-01", "to")]
    [TestCase("from=0001-01-01", "from")]
    [TestCase("to=9999-12-31", "to")]
    public async Task Metrics_for_a_date_out_of_range_is_400_naming_it(string query, string field) =>
        await AssertRefusedAsync(await Client.GetAsync($"/v1/metrics?{query}"), field);

    [TestCase("replies", """{"text":"hello \u0000"}""", "text")]
    [TestCase("labels", """{"add":["vip\u0000"]}""", "add")]
    [TestCase("labels", """{"remove":["\u0000"]}""", "remove")]
    [TestCase("assign", """{"assignee":"agent\u0000"}""", "assignee")]
    [TestCase("labels", """{"add":[null],"remove":["vip"]}""", "add")]
    public async Task A_conversation_action_with_NUL_is_400_naming_the_field(string action, string body, string field)
    {
        var id = await ConversationAsync();
        await AssertRefusedAsync(await Client.PostAsync($"/v1/conversations/{id}/{action}", Json(body)), field);
    }

    [TestCase("utf-7")]
    [TestCase("iso-8859-1")]
    public async Task A_body_in_another_charset_than_UTF_8_is_415_not_an_error(string charset)
    {
        var id = await ConversationAsync();
        using var body = new StringContent("""{"assignee":"sam"}""");
        body.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"application/json; charset={charset}");

        using var response = await Client.PostAsync($"/v1/conversations/{id}/assign", body);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(charset));
        });
    }

    [Test]
    public async Task More_labels_in_one_call_than_the_limit_is_400()
    {
        var id = await ConversationAsync();
        var labels = Enumerable.Range(0, 21).Select(i => $"label-{i}").ToArray();
        await AssertRefusedAsync(await Client.PostAsJsonAsync($"/v1/conversations/{id}/labels", new { add = labels }), "add");
    }

    [Test]
    public async Task An_idempotency_key_over_200_characters_is_400()
    {
        var id = await ConversationAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/conversations/{id}/replies") { Content = JsonContent.Create(new { text = "hi" }) };
        request.Headers.Add("Idempotency-Key", new string('k', 201));
        await AssertRefusedAsync(await Client.SendAsync(request), "Idempotency-Key");
    }

    [TestCase("""{"title":"Greeting\u0000","text":"Hello"}""", "title")]
    [TestCase("""{"title":"Greeting","text":"Hello \u0000"}""", "text")]
    public async Task A_canned_response_with_NUL_is_400_naming_the_field(string body, string field) =>
        await AssertRefusedAsync(await Client.PostAsync("/v1/canned-responses", Json(body)), field);

    [TestCase("""{"name":"Ada\u0000"}""", "name")]
    [TestCase("""{"attributes":{"city":"Paris\u0000"}}""", "attributes")]
    [TestCase("""{"attributes":{"ci\u0000ty":"Paris"}}""", "attributes")]
    public async Task A_contact_with_NUL_is_400_naming_the_field(string body, string field) =>
        await AssertRefusedAsync(await Client.PutAsync($"/v1/contacts/{Uri.EscapeDataString(Sms.Testing.TestNumbers.Unique())}", Json(body)), field);

    [TestCase("""{"username":"ok-name","displayName":"Ada\u0000","password":"long-enough-pw","role":"agent"}""", "displayName")]
    [TestCase("""{"username":"ok-name","displayName":"Ada","password":"long-enough-pw\u0000","role":"agent"}""", "password")]
    public async Task An_agent_account_with_NUL_is_400_naming_the_field(string body, string field) =>
        await AssertRefusedAsync(await Client.PostAsync("/v1/agents", Json(body)), field);

    [Test]
    public async Task An_agent_password_over_256_characters_is_400() =>
        await AssertRefusedAsync(await Client.PostAsJsonAsync("/v1/agents",
            new { username = "long-pw-agent", displayName = "Ada", password = new string('p', 257), role = "agent" }), "password");

    [TestCase("""{"username":"adm\u0000in","password":"whatever-1"}""", "username")]
    [TestCase("""{"username":"admin","password":"what\u0000ever"}""", "password")]
    [TestCase("""{"username":"Not A Name!","password":"whatever-1"}""", "username")]
    [TestCase("""{"password":"whatever-1"}""", "username")]
    public async Task A_sign_in_with_a_malformed_user_name_or_password_is_400_naming_it_and_counts_nothing(string body, string field)
    {
        var before = await SignInFailureRowsAsync();
        using var anonymous = Service.AnonymousClient();
        await AssertRefusedAsync(await anonymous.PostAsync("/auth/login", Json(body)), field);
        Assert.That(await SignInFailureRowsAsync(), Is.EqualTo(before), "no row for a name no account can have");
    }

    [Test]
    public async Task A_sign_in_with_a_user_name_over_64_characters_is_400_and_counts_nothing()
    {
        var before = await SignInFailureRowsAsync();
        using var anonymous = Service.AnonymousClient();
        await AssertRefusedAsync(await anonymous.PostAsJsonAsync("/auth/login", new { username = new string('a', 65), password = "whatever-1" }), "username");
        Assert.That(await SignInFailureRowsAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_10_MB_sign_in_is_413_before_it_is_read_and_counts_nothing()
    {
        var before = await SignInFailureRowsAsync();
        using var anonymous = Service.AnonymousClient();
        var body = $$"""{"username":"{{new string('a', 10 * 1024 * 1024)}}","password":"x"}""";

        using var response = await anonymous.PostAsync("/auth/login", Json(body));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await SignInFailureRowsAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Any_request_body_over_256_KB_is_413_before_it_is_read()
    {
        var id = await ConversationAsync();
        var body = $$"""{"text":"{{new string('a', 300 * 1024)}}"}""";

        using var response = await Client.PostAsync($"/v1/conversations/{id}/replies", Json(body));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test]
    public async Task A_chunked_sign_in_body_over_the_limit_is_413_too()
    {
        using var anonymous = Service.AnonymousClient();
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($$"""{"username":"{{new string('a', 5000)}}","password":"x"}""")));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/login") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await anonymous.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test]
    public async Task Failures_of_names_whose_window_has_passed_are_forgotten_by_later_failures()
    {
        var stale = Enumerable.Range(0, 3).Select(i => $"stale-{Guid.NewGuid():N}"[..20]).ToArray();
        var lockedStill = $"locked-{Guid.NewGuid():N}"[..20];
        await using (var connection = await DataSource().OpenConnectionAsync())
        {
            await connection.ExecuteAsync("""
                INSERT INTO conversations.sign_in_failures (username, failures, window_started_at, locked_until)
                SELECT unnest(@stale), 3, now() - interval '1 day', NULL
                """, new { stale });
            await connection.ExecuteAsync("""
                INSERT INTO conversations.sign_in_failures (username, failures, window_started_at, locked_until)
                VALUES (@lockedStill, 5, now() - interval '1 day', now() + interval '1 hour')
                """, new { lockedStill });
        }
        var fresh = $"fresh-{Guid.NewGuid():N}"[..20];

        using var anonymous = Service.AnonymousClient();
        using (var wrong = await anonymous.PostAsJsonAsync("/auth/login", new { username = fresh, password = "guess-1" }))
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        await using var check = await DataSource().OpenConnectionAsync();
        var left = (await check.QueryAsync<string>(
            "SELECT username FROM conversations.sign_in_failures WHERE username = ANY(@names)",
            new { names = stale.Append(lockedStill).Append(fresh).ToArray() })).ToList();
        Assert.That(left, Is.EquivalentTo(new[] { lockedStill, fresh }), "a lock still running is kept; counts that count for nothing are gone");
    }

    private async Task<Guid> ConversationAsync()
    {
        var events = Events.ForNewCustomer();
        var inbound = events.Inbound("hello", DateTimeOffset.UtcNow);
        await Service.Projection.RecordInboundAsync(inbound, CancellationToken.None);
        return (await Service.Queries.ListConversationsAsync(
            new Sms.Conversations.Http.ConversationListQuery(null, 10, null) { Search = events.Customer }, CancellationToken.None)).Single().Id;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
            var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
            Assert.That(errors.TryGetProperty(field, out var reasons), Is.True, text);
            Assert.That(reasons[0].GetString(), Is.Not.Empty);
        }
    }

    private NpgsqlDataSource DataSource() => Service.Factory.Services.GetRequiredService<NpgsqlDataSource>();

    private async Task<long> SignInFailureRowsAsync()
    {
        await using var connection = await DataSource().OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM conversations.sign_in_failures");
    }
}
