using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Sms.Campaigns.Tests.Support;
using Sms.Testing;

namespace Sms.Campaigns.Tests.Http;

/// <summary>
/// <c>GET /v1/campaigns/{id}/results</c> on the service as its <c>Program</c> builds it: the results of a campaign,
/// and 404 for one that does not exist.
/// </summary>
public sealed class CampaignResultEndpointTests
{
    private HarnessedService<Program> _service = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await CampaignsDatabase.GetAsync();
        var servers = await Servers.GetAsync();
        _service = new HarnessedService<Program>(new Dictionary<string, string>
        {
            ["ConnectionStrings:Postgres"] = servers.Postgres,
            ["Campaigns:Prices:Default"] = "0.01",
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _service.DisposeAsync();

    [Test]
    public async Task A_campaigns_results_are_its_rows_counted_and_priced()
    {
        var dataSource = await CampaignsDatabase.GetAsync();
        var campaign = Guid.NewGuid();
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("""
                INSERT INTO campaigns.campaigns (id, name, status, text, created_by, created_at, updated_at)
                VALUES (@Id, 'test', 'completed', 'Sale. Reply STOP to opt out', 'test', now(), now());
                INSERT INTO campaigns.recipients (campaign_id, number, message_id, due_at, state, segments, published_at, sent_at, replied_at, matched_keyword, matched_option)
                VALUES (@Id, @A, gen_random_uuid(), now(), 'delivered', 2, now(), now(), now() + interval '30 seconds', true, 'YES'),
                       (@Id, @B, gen_random_uuid(), now(), 'suppressed', NULL, now(), NULL, NULL, false, NULL);
                """, new { Id = campaign, A = TestNumbers.Unique(), B = TestNumbers.Unique() });
        }
        using var client = _service.CreateClientWithApiKey();

        var results = await client.GetFromJsonAsync<JsonElement>($"/v1/campaigns/{campaign}/results");

        Assert.Multiple(() =>
        {
            Assert.That(results.GetProperty("status").GetString(), Is.EqualTo("completed"));
            Assert.That(results.GetProperty("recipients").GetInt32(), Is.EqualTo(2));
            Assert.That(results.GetProperty("delivered").GetInt32(), Is.EqualTo(1));
            Assert.That(results.GetProperty("suppressed").GetInt32(), Is.EqualTo(1));
            Assert.That(results.GetProperty("replyRate").GetDouble(), Is.EqualTo(1));
            Assert.That(results.GetProperty("medianSecondsToReply").GetDouble(), Is.EqualTo(30).Within(0.001));
            Assert.That(results.GetProperty("cost").GetDecimal(), Is.EqualTo(0.02m));
            Assert.That(results.GetProperty("replyBreakdown")[0].GetProperty("option").GetString(), Is.EqualTo("YES"));
        });
    }

    [Test]
    public async Task A_campaign_that_does_not_exist_is_not_found()
    {
        using var client = _service.CreateClientWithApiKey();

        var response = await client.GetAsync($"/v1/campaigns/{Guid.NewGuid()}/results");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
