using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sms.Campaigns.Tests.Support;
using Sms.Testing;

namespace Sms.Campaigns.Tests.Http;

/// <summary>The campaigns API as a caller meets it: a draft created, edited, launched, paused and resumed, refused with 409 where its status forbids, and every endpoint behind the campaigns scope.</summary>
public sealed class CampaignEndpointsTests
{
    private HarnessedService<Program> _app = null!;
    private HttpClient _client = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _app = await CampaignsService.CreateAsync();
        _client = _app.CreateClientWithApiKey();
    }

    [TearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>A saved segment (by a label of its own) of one new contact: what a campaign needs to be launched.</summary>
    private static async Task<Guid> SegmentOfOneContactAsync(string prefix)
    {
        var label = prefix + "-" + Guid.NewGuid().ToString("N");
        var dataSource = await CampaignsDatabase.GetAsync();
        await dataSource.AddContactAsync(TestNumbers.Unique(), [label]);
        var segmentId = Guid.NewGuid();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "INSERT INTO campaigns.segments VALUES (@id, 'http', jsonb_build_object('labelsAll', jsonb_build_array(@label)), 'test', now(), now())", connection);
        command.Parameters.AddWithValue("id", segmentId);
        command.Parameters.AddWithValue("label", label);
        await command.ExecuteNonQueryAsync();
        return segmentId;
    }

    [Test]
    public async Task A_draft_is_edited_launched_paused_and_resumed_and_a_forbidden_action_answers_409()
    {
        var segmentId = await SegmentOfOneContactAsync("lifecycle-http");

        var created = await SendAsync(HttpMethod.Post, "/v1/campaigns", new { name = "spring", segmentId, text = "Hi {name|there}", sendAt = DateTimeOffset.UtcNow.AddDays(1) });
        var id = created.Body.GetProperty("id").GetGuid();
        var pauseDraft = await SendAsync(HttpMethod.Post, $"/v1/campaigns/{id}/pause");
        var edited = await SendAsync(HttpMethod.Put, $"/v1/campaigns/{id}", new { name = "spring sale", segmentId, text = "Hi", localTime = "10:00", pacePerSecond = 50, sendAt = DateTimeOffset.UtcNow.AddDays(1) });
        var launched = await SendAsync(HttpMethod.Post, $"/v1/campaigns/{id}/launch");
        var editRunning = await SendAsync(HttpMethod.Put, $"/v1/campaigns/{id}", new { name = "x", segmentId, text = "Hi" });
        var paused = await SendAsync(HttpMethod.Post, $"/v1/campaigns/{id}/pause");
        var pausedAgain = await SendAsync(HttpMethod.Post, $"/v1/campaigns/{id}/pause");
        var resumed = await SendAsync(HttpMethod.Post, $"/v1/campaigns/{id}/resume");
        var read = await SendAsync(HttpMethod.Get, $"/v1/campaigns/{id}");
        var cancelled = await SendAsync(HttpMethod.Post, $"/v1/campaigns/{id}/cancel");
        var listed = await SendAsync(HttpMethod.Get, "/v1/campaigns");
        var invalid = await SendAsync(HttpMethod.Post, "/v1/campaigns", new { name = "", text = "a", flowName = "b" });
        var unknownSegment = await SendAsync(HttpMethod.Post, "/v1/campaigns", new { name = "x", segmentId = Guid.NewGuid(), text = "a" });
        var nul = await SendAsync(HttpMethod.Post, "/v1/campaigns", new { name = "x", segmentId, text = "a\u0000b" });

        Assert.Multiple(() =>
        {
            Assert.That(created.Status, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(created.Body.GetProperty("status").GetString(), Is.EqualTo("draft"));
            Assert.That(pauseDraft.Status, Is.EqualTo(HttpStatusCode.Conflict), "a draft is not paused");
            Assert.That(edited.Body.GetProperty("localTime").GetString(), Is.EqualTo("10:00"));
            Assert.That(edited.Body.GetProperty("pacePerSecond").GetInt32(), Is.EqualTo(50));
            Assert.That(launched.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(launched.Body.GetProperty("status").GetString(), Is.EqualTo("running"));
            Assert.That(launched.Body.GetProperty("progress").GetProperty("byState").GetProperty("pending").GetInt32(), Is.EqualTo(1));
            Assert.That(edited.Body.GetProperty("warnings").GetArrayLength(), Is.Zero, "a draft records no warnings: the compose call shows them");
            Assert.That(launched.Body.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()),
                Does.Contain("opt_out_missing"), "marketing text without opt-out language, launched: the warning recorded");
            Assert.That(launched.Body.GetProperty("warningsOverriddenBy").GetString(),
                Is.EqualTo(created.Body.GetProperty("createdBy").GetString()).And.Not.Empty, "who launched it despite the warning");
            Assert.That(editRunning.Status, Is.EqualTo(HttpStatusCode.Conflict), "only a draft is edited");
            Assert.That(paused.Body.GetProperty("status").GetString(), Is.EqualTo("paused"));
            Assert.That(pausedAgain.Status, Is.EqualTo(HttpStatusCode.OK), "the same action twice changes nothing");
            Assert.That(resumed.Body.GetProperty("status").GetString(), Is.EqualTo("running"));
            Assert.That(read.Body.GetProperty("progress").GetProperty("recipients").GetInt32(), Is.EqualTo(1));
            Assert.That(cancelled.Body.GetProperty("progress").GetProperty("byState").GetProperty("cancelled").GetInt32(), Is.EqualTo(1));
            Assert.That(listed.Body.GetProperty("campaigns").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()), Does.Contain(id));
            Assert.That(invalid.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(invalid.Body.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.SupersetOf(new[] { "name", "segmentId", "text" }));
            Assert.That(unknownSegment.Status, Is.EqualTo(HttpStatusCode.BadRequest), "a segment that does not exist");
            Assert.That(nul.Body.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { "text" }), "U+0000 in the text");
        });
    }

    [Test]
    public async Task A_prompt_is_taken_by_a_single_sends_rules_shown_back_and_refused_with_a_flow()
    {
        var segmentId = await SegmentOfOneContactAsync("prompt-http");
        var prompt = new
        {
            sessionType = "flash_sale",
            options = new Dictionary<string, string> { ["YES"] = "claim", ["1"] = "claim", ["NO"] = "decline" },
            autoResponses = new Dictionary<string, string> { ["claim"] = "Code SPRING20 is yours." },
            timeToLiveSeconds = 7200,
            context = new Dictionary<string, string> { ["offer"] = "spring20" },
        };

        var created = await SendAsync(HttpMethod.Post, "/v1/campaigns", new { name = "flash", segmentId, text = "Reply YES for 20% off", prompt });
        var id = created.Body.GetProperty("id").GetGuid();
        var read = await SendAsync(HttpMethod.Get, $"/v1/campaigns/{id}");
        var edited = await SendAsync(HttpMethod.Put, $"/v1/campaigns/{id}", new { name = "flash", segmentId, text = "Reply YES for 20% off" });
        var invalid = await SendAsync(HttpMethod.Post, "/v1/campaigns", new
        {
            name = "bad", segmentId, text = "Yes?",
            prompt = new { sessionType = "", options = new Dictionary<string, string> { ["yes"] = "a", ["YES"] = "b" }, timeToLiveSeconds = 10 },
        });
        var withFlow = await SendAsync(HttpMethod.Post, "/v1/campaigns", new { name = "flow", segmentId, flowName = "post_purchase_feedback", prompt });
        var nul = await SendAsync(HttpMethod.Post, "/v1/campaigns", new
        {
            name = "nul", segmentId, text = "Yes?", prompt = new { sessionType = "s", options = new Dictionary<string, string> { ["YES"] = "a\u0000" } },
        });

        Assert.Multiple(() =>
        {
            Assert.That(created.Status, Is.EqualTo(HttpStatusCode.Created));
            var shown = read.Body.GetProperty("prompt");
            Assert.That(shown.GetProperty("sessionType").GetString(), Is.EqualTo("flash_sale"));
            Assert.That(shown.GetProperty("options").EnumerateObject().Select(o => (o.Name, o.Value.GetString())),
                Is.EquivalentTo(new[] { ("YES", "claim"), ("1", "claim"), ("NO", "decline") }));
            Assert.That(shown.GetProperty("autoResponses").GetProperty("claim").GetString(), Is.EqualTo("Code SPRING20 is yours."));
            Assert.That(shown.GetProperty("timeToLiveSeconds").GetInt32(), Is.EqualTo(7200));
            Assert.That(shown.GetProperty("context").GetProperty("offer").GetString(), Is.EqualTo("spring20"));
            Assert.That(edited.Body.GetProperty("prompt").ValueKind, Is.EqualTo(JsonValueKind.Null), "an edit without a prompt removes it");
            Assert.That(invalid.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(invalid.Body.GetProperty("errors").EnumerateObject().Select(e => e.Name),
                Is.EquivalentTo(new[] { "prompt.sessionType", "prompt.options", "prompt.timeToLiveSeconds" }));
            Assert.That(withFlow.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(withFlow.Body.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { "prompt" }));
            Assert.That(nul.Body.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { "prompt.options" }), "U+0000 in an action");
        });
    }

    [Test]
    public async Task A_body_the_framework_cannot_decode_or_of_the_wrong_shape_is_a_400_naming_the_field_not_a_500()
    {
        // The fuzzer's seed 1717: a draft declared as utf-7, which .NET refuses to decode, answered 500 when bound.
        async Task<(HttpStatusCode Status, string[] Fields)> PostAsync(string json, string contentType)
        {
            using var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(json));
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            using var response = await _client.PostAsync("/v1/campaigns", content);
            var body = await response.Content.ReadAsStringAsync();
            var fields = body.Length > 0 && JsonDocument.Parse(body).RootElement.TryGetProperty("errors", out var errors)
                ? errors.EnumerateObject().Select(e => e.Name).ToArray() : [];
            return (response.StatusCode, fields);
        }

        var utf7 = await PostAsync("""{"name":"x","segmentId":123,"text":"Hi"}""", "application/json; charset=utf-7");
        var wrongShape = await PostAsync("""{"name":"x","text":"Hi","prompt":{"options":[1,2]}}""", "application/json");
        var notJson = await PostAsync("{'name':", "application/json");

        Assert.Multiple(() =>
        {
            Assert.That(utf7, Is.EqualTo((HttpStatusCode.BadRequest, new[] { "segmentId" })));
            Assert.That(wrongShape, Is.EqualTo((HttpStatusCode.BadRequest, new[] { "prompt.options" })));
            Assert.That(notJson.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    [Test]
    public async Task Every_endpoint_answers_no_key_401_and_each_scope_as_it_declares()
    {
        var keys = ScopeMatrix.AddSingleScopeClients(_app.Services);

        var violations = await ScopeMatrix.ViolationsAsync(_app, keys);
        var open = ScopeMatrix.Operations(_app).Where(o => o.Anonymous).Select(o => o.ToString());

        Assert.Multiple(() =>
        {
            Assert.That(violations, Is.Empty);
            Assert.That(open, Is.EquivalentTo(new[] { "GET /health/live", "GET /health/ready" }));
        });
    }

    [Test]
    public async Task The_api_document_says_what_every_campaign_endpoint_answers_besides_success() =>
        Assert.That(await ApiDocumentCheck.SuccessOnlyOperationsAsync(_client), Is.Empty);
}
