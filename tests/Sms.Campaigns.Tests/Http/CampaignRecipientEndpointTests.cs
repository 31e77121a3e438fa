using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Sms.Campaigns.Campaigns;
using Sms.Campaigns.Tests.Support;
using Sms.Testing;

namespace Sms.Campaigns.Tests.Http;

/// <summary>
/// <c>GET /v1/campaigns/{id}/recipients/{number}</c> on the service as its <c>Program</c> builds it: one recipient's
/// state and due time in UTC and on their own clock, the number read however it is written; 404 for a number the
/// campaign does not have, 400 for one that is not a number.
/// </summary>
public sealed class CampaignRecipientEndpointTests
{
    private HarnessedService<Program> _service = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await CampaignsDatabase.GetAsync();
        var servers = await Servers.GetAsync();
        _service = new HarnessedService<Program>(new Dictionary<string, string> { ["ConnectionStrings:Postgres"] = servers.Postgres });
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _service.DisposeAsync();

    [Test]
    public async Task A_recipient_shows_its_state_and_its_due_time_in_UTC_and_on_its_own_clock()
    {
        var (campaign, number, messageId) = await CampaignWithOneRecipientAsync();
        using var client = _service.CreateClientWithApiKey();

        // Written as a customer might give it: no plus, spaced.
        var spaced = $"{number[1..4]} {number[4..8]} {number[8..]}";
        var recipient = await client.GetFromJsonAsync<JsonElement>($"/v1/campaigns/{campaign}/recipients/{Uri.EscapeDataString(spaced)}");

        Assert.Multiple(() =>
        {
            Assert.That(recipient.GetProperty("number").GetString(), Is.EqualTo(number));
            Assert.That(recipient.GetProperty("state").GetString(), Is.EqualTo("sent"));
            Assert.That(recipient.GetProperty("messageId").GetGuid(), Is.EqualTo(messageId));
            Assert.That(recipient.GetProperty("timeZone").GetString(), Is.EqualTo("Asia/Tokyo"));
            Assert.That(recipient.GetProperty("dueAt").GetDateTimeOffset(), Is.EqualTo(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero)));
            Assert.That(recipient.GetProperty("dueAtLocal").GetString(), Is.EqualTo("2026-12-07T10:00:00+09:00"), "10:00 in Tokyo");
            Assert.That(recipient.GetProperty("sentAt").GetDateTimeOffset(), Is.EqualTo(new DateTimeOffset(2026, 12, 7, 1, 0, 2, TimeSpan.Zero)));
            Assert.That(recipient.GetProperty("deliveredAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task A_number_the_campaign_does_not_have_is_not_found_and_one_that_is_not_a_number_is_refused()
    {
        var (campaign, _, _) = await CampaignWithOneRecipientAsync();
        using var client = _service.CreateClientWithApiKey();

        using var other = await client.GetAsync($"/v1/campaigns/{campaign}/recipients/{Uri.EscapeDataString(TestNumbers.Unique())}");
        using var noCampaign = await client.GetAsync($"/v1/campaigns/{Guid.NewGuid()}/recipients/{Uri.EscapeDataString(TestNumbers.Unique())}");
        using var notANumber = await client.GetAsync($"/v1/campaigns/{campaign}/recipients/ACME");

        Assert.Multiple(() =>
        {
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(noCampaign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(notANumber.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    [TestCase("Asia/Tokyo", "2026-12-07T10:00:00+09:00")]
    [TestCase("America/New_York", "2026-12-06T20:00:00-05:00")]
    [TestCase("Europe/London", "2026-12-07T01:00:00+00:00")]
    [TestCase("Etc/GMT+3", "2026-12-06T22:00:00-03:00")]
    public void The_local_due_time_carries_the_zones_offset_then(string zone, string expected) =>
        Assert.That(RecipientDetail.Local(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero), zone)?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            Is.EqualTo(expected));

    [TestCase(null)]
    [TestCase("Mars/Olympus_Mons")]
    public void Without_a_known_zone_there_is_no_local_due_time(string? zone) =>
        Assert.That(RecipientDetail.Local(DateTimeOffset.UtcNow, zone), Is.Null);

    private static async Task<(Guid Campaign, string Number, Guid MessageId)> CampaignWithOneRecipientAsync()
    {
        var dataSource = await CampaignsDatabase.GetAsync();
        var campaign = Guid.NewGuid();
        var number = TestNumbers.Unique();
        var messageId = Guid.NewGuid();
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO campaigns.campaigns (id, name, status, text, local_time, created_by, created_at, updated_at)
            VALUES (@Id, 'test', 'running', 'Sale. Reply STOP to opt out', '10:00', 'test', now(), now());
            INSERT INTO campaigns.recipients (campaign_id, number, message_id, due_at, time_zone, state, published_at, sent_at)
            VALUES (@Id, @Number, @MessageId, '2026-12-07T01:00:00Z', 'Asia/Tokyo', 'sent', '2026-12-07T01:00:01Z', '2026-12-07T01:00:02Z');
            """, new { Id = campaign, Number = number, MessageId = messageId });
        return (campaign, number, messageId);
    }
}
