using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sms.Compliance.Consent;
using Sms.Compliance.Data;
using Sms.Contracts.Compliance;
using Sms.Testing;

namespace Sms.Compliance.Tests.Http;

/// <summary>The service as built by its Program, on a test server, with the bus swapped for the in-memory harness.</summary>
public class ConsentApiTests
{
    private HarnessedService<Program> _factory = null!;
    private HttpClient _client = null!;
    private ConsentLedger _ledger = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var servers = await Servers.GetAsync();
        _ledger = new ConsentLedger(await TestDatabase.GetAsync("compliance", typeof(Program).Assembly));
        _factory = new HarnessedService<Program>(new Dictionary<string, string> { ["ConnectionStrings:Postgres"] = servers.Postgres });
        _client = _factory.CreateClientWithApiKey();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Test]
    public async Task Consent_shows_the_state_and_the_history_oldest_first()
    {
        var number = TestNumbers.Unique();
        var stopId = Guid.NewGuid();
        var t0 = new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero);
        await _ledger.RecordAsync(Event(number, ConsentKind.OptIn, "keyword:START", t0, Guid.NewGuid()), Guid.NewGuid(), CancellationToken.None);
        await _ledger.RecordAsync(Event(number, ConsentKind.OptOut, "keyword:STOP", t0.AddHours(1), stopId), stopId, CancellationToken.None);

        var response = await _client.GetAsync($"/v1/consent/{Uri.EscapeDataString(number)}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        var history = root.GetProperty("history").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("number").GetString(), Is.EqualTo(number));
            Assert.That(root.GetProperty("scope").GetString(), Is.EqualTo("default"));
            Assert.That(root.GetProperty("state").GetString(), Is.EqualTo("opted_out"));
            Assert.That(history.Select(h => h.GetProperty("kind").GetString()), Is.EqualTo(new[] { "opt_in", "opt_out" }));
            Assert.That(history[1].GetProperty("source").GetString(), Is.EqualTo("keyword"));
            Assert.That(history[1].GetProperty("rule").GetString(), Is.EqualTo("keyword:STOP"));
            Assert.That(history[1].GetProperty("evidenceMessageId").GetGuid(), Is.EqualTo(stopId));
            Assert.That(history[1].GetProperty("recordedAt").GetDateTimeOffset(), Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5)));
            Assert.That(history[1].GetProperty("occurredAt").GetDateTimeOffset(), Is.EqualTo(t0.AddHours(1)));
        });
    }

    [Test]
    public async Task A_number_without_events_has_state_none()
    {
        var number = TestNumbers.Unique();

        var view = await _client.GetFromJsonAsync<JsonElement>($"/v1/consent/{Uri.EscapeDataString(number)}");

        Assert.Multiple(() =>
        {
            Assert.That(view.GetProperty("state").GetString(), Is.EqualTo("none"));
            Assert.That(view.GetProperty("history").GetArrayLength(), Is.Zero);
        });
    }

    [Test]
    public async Task A_plus_written_plainly_in_the_path_is_accepted_too()
    {
        var number = TestNumbers.Unique();

        var response = await _client.GetAsync($"/v1/consent/{number}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("447700900001")]
    [TestCase("%2B0447700900001")]
    [TestCase("%2B12")]
    [TestCase("not-a-number")]
    public async Task A_number_that_is_not_E164_is_a_bad_request_with_problem_details(string number)
    {
        var response = await _client.GetAsync($"/v1/consent/{number}");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.That(problem.GetProperty("errors").GetProperty("number")[0].GetString(), Does.Contain("E.164"));
        });
    }

    [Test]
    public async Task Without_an_API_key_the_request_is_refused()
    {
        using var anonymous = _factory.CreateClient();

        var response = await anonymous.GetAsync("/v1/consent/%2B447700900001");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private static ConsentEvent Event(string number, ConsentKind kind, string rule, DateTimeOffset occurredAt, Guid evidence) => new()
    {
        Number = number,
        Scope = "default",
        Kind = kind,
        Source = ConsentSource.Keyword,
        Rule = rule,
        EvidenceMessageId = evidence,
        EvidenceText = rule[(rule.IndexOf(':') + 1)..],
        OccurredAt = occurredAt,
    };
}
