using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Sms.Campaigns.Tests.Support;
using Sms.Testing;

namespace Sms.Campaigns.Tests.Http;

/// <summary>
/// Segments over HTTP against the real PostgreSQL: saved, listed, changed and deleted, and previewed with a count and a
/// masked sample. Each test's contacts carry a label of its own, so other tests' contacts never count.
/// </summary>
public sealed class SegmentApiTests : CampaignsServiceTest
{
    private static object Body(string name, object definition) => new { name, definition };

    private static string Label() => "t" + Guid.NewGuid().ToString("N")[..12];

    private async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<Guid> CreateAsync(string name, object definition) =>
        (await ReadAsync(await Client.PostAsJsonAsync("/v1/segments", Body(name, definition)), HttpStatusCode.Created)).GetProperty("id").GetGuid();

    [Test]
    public async Task A_segment_is_saved_listed_changed_and_deleted()
    {
        var label = Label();
        var created = await ReadAsync(await Client.PostAsJsonAsync("/v1/segments",
            Body(" VIPs ", new { labelsAll = new[] { label }, attributes = new[] { new { name = "tier", @operator = "Contains", value = "gold" } } })),
            HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();

        var fetched = await ReadAsync(await Client.GetAsync($"/v1/segments/{id}"), HttpStatusCode.OK);
        var listed = await ReadAsync(await Client.GetAsync("/v1/segments"), HttpStatusCode.OK);
        var changed = await ReadAsync(await Client.PutAsJsonAsync($"/v1/segments/{id}", Body("Warm VIPs", new { labelsAll = new[] { label }, engagementMin = 50 })), HttpStatusCode.OK);
        var deleted = await Client.DeleteAsync($"/v1/segments/{id}");
        var gone = await Client.GetAsync($"/v1/segments/{id}");

        Assert.Multiple(() =>
        {
            Assert.That(created.GetProperty("name").GetString(), Is.EqualTo("VIPs"));
            Assert.That(created.GetProperty("createdBy").GetString(), Is.Not.Empty);
            Assert.That(fetched.GetProperty("definition").GetProperty("labelsAll")[0].GetString(), Is.EqualTo(label));
            Assert.That(fetched.GetProperty("definition").GetProperty("attributes")[0].GetProperty("operator").GetString(), Is.EqualTo("Contains"));
            Assert.That(listed.EnumerateArray().Select(s => s.GetProperty("id").GetGuid()), Does.Contain(id));
            Assert.That(changed.GetProperty("name").GetString(), Is.EqualTo("Warm VIPs"));
            Assert.That(changed.GetProperty("definition").GetProperty("engagementMin").GetInt32(), Is.EqualTo(50));
            Assert.That(changed.GetProperty("definition").GetProperty("attributes").GetArrayLength(), Is.Zero);
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task A_preview_counts_the_contacts_and_shows_ten_masked_highest_engagement_first()
    {
        var label = Label();
        var db = await CampaignsDatabase.GetAsync();
        var numbers = new List<string>();
        for (var score = 1; score <= 12; score++)
        {
            var number = TestNumbers.Unique();
            numbers.Add(number);
            await db.AddContactAsync(number, [label, score % 2 == 0 ? "even" : "odd"], score);
        }
        await using (var connection = await db.OpenConnectionAsync())
            await connection.ExecuteAsync("UPDATE campaigns.contacts SET name = 'Ada' WHERE number = @Number", new { Number = numbers[11] });
        await db.AddContactAsync(TestNumbers.Unique(), ["other-" + label], 99);

        var preview = await ReadAsync(await Client.PostAsJsonAsync("/v1/segments/preview", new { definition = new { labelsAll = new[] { label } } }), HttpStatusCode.OK);
        var id = await CreateAsync("even", new { labelsAll = new[] { label, "even" }, engagementMax = 10 });
        var saved = await ReadAsync(await Client.GetAsync($"/v1/segments/{id}/preview"), HttpStatusCode.OK);

        var sample = preview.GetProperty("sample").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(preview.GetProperty("count").GetInt64(), Is.EqualTo(12));
            Assert.That(sample, Has.Count.EqualTo(10));
            Assert.That(sample.Select(s => s.GetProperty("engagementScore").GetInt32()), Is.EqualTo(Enumerable.Range(3, 10).Reverse()));
            Assert.That(sample[0].GetProperty("number").GetString(), Is.EqualTo(ServiceDefaults.Telemetry.Redact.Phone(numbers[11])));
            Assert.That(sample[0].GetProperty("number").GetString(), Does.Contain("*").And.Not.EqualTo(numbers[11]));
            Assert.That(sample[0].GetProperty("name").GetString(), Is.EqualTo("Ada"));
            Assert.That(sample[0].GetProperty("labels").EnumerateArray().Select(l => l.GetString()), Is.EqualTo(new[] { label, "even" }));
            Assert.That(saved.GetProperty("count").GetInt64(), Is.EqualTo(5), "2, 4, 6, 8 and 10");
        });
    }

    [Test]
    public async Task A_segment_excluding_another_previews_without_its_contacts_and_keeps_it_from_being_deleted()
    {
        var label = Label();
        var db = await CampaignsDatabase.GetAsync();
        await db.AddContactAsync(TestNumbers.Unique(), [label, "vip"]);
        await db.AddContactAsync(TestNumbers.Unique(), [label]);
        var vips = await CreateAsync("vips", new { labelsAll = new[] { label, "vip" } });
        var others = await CreateAsync("others", new { labelsAll = new[] { label }, excludeSegments = new[] { vips } });

        var preview = await ReadAsync(await Client.GetAsync($"/v1/segments/{others}/preview"), HttpStatusCode.OK);
        var delete = await Client.DeleteAsync($"/v1/segments/{vips}");
        var cycle = await ReadAsync(await Client.PutAsJsonAsync($"/v1/segments/{vips}",
            Body("vips", new { labelsAll = new[] { label, "vip" }, excludeSegments = new[] { others } })), HttpStatusCode.BadRequest);

        Assert.Multiple(async () =>
        {
            Assert.That(preview.GetProperty("count").GetInt64(), Is.EqualTo(1));
            Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(cycle.GetProperty("errors").GetProperty("definition.excludeSegments")[0].GetString(), Does.Contain("cycle"));
            Assert.That((await Client.DeleteAsync($"/v1/segments/{others}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That((await Client.DeleteAsync($"/v1/segments/{vips}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "no longer excluded");
        });
    }

    [Test]
    public async Task A_segment_a_campaign_uses_cannot_be_deleted()
    {
        var id = await CreateAsync("campaign segment", new { labelsAll = new[] { Label() } });
        var db = await CampaignsDatabase.GetAsync();
        await using (var connection = await db.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("""
                INSERT INTO campaigns.campaigns (id, name, status, segment_id, text, created_by, created_at, updated_at)
                VALUES (@Id, 'spring sale', 'draft', @Segment, 'Acme Shoes: hi', 'test', now(), now())
                """, new { Id = Guid.NewGuid(), Segment = id });
        }

        var delete = await ReadAsync(await Client.DeleteAsync($"/v1/segments/{id}"), HttpStatusCode.Conflict);
        var still = await Client.GetAsync($"/v1/segments/{id}");

        Assert.Multiple(() =>
        {
            Assert.That(delete.GetProperty("title").GetString(), Is.EqualTo("Segment in use"));
            Assert.That(still.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task Invalid_segments_are_refused_with_a_problem_that_names_the_field()
    {
        var unknown = Guid.NewGuid();

        var range = await ReadAsync(await Client.PostAsJsonAsync("/v1/segments", Body("x", new { engagementMin = 9, engagementMax = 1 })), HttpStatusCode.BadRequest);
        var excluded = await ReadAsync(await Client.PostAsJsonAsync("/v1/segments/preview", new { definition = new { excludeSegments = new[] { unknown } } }), HttpStatusCode.BadRequest);
        var badEnum = await ReadAsync(await Client.PostAsJsonAsync("/v1/segments",
            Body("x", new { consent = new { state = "Maybe" } })), HttpStatusCode.BadRequest);
        var noName = await ReadAsync(await Client.PostAsJsonAsync("/v1/segments", new { definition = new { } }), HttpStatusCode.BadRequest);
        var missing = await Client.PutAsJsonAsync($"/v1/segments/{unknown}", Body("x", new { }));

        Assert.Multiple(() =>
        {
            Assert.That(range.GetProperty("errors").GetProperty("definition.engagementMin")[0].GetString(), Does.Contain("above the maximum"));
            Assert.That(excluded.GetProperty("errors").GetProperty("definition.excludeSegments")[0].GetString(), Does.Contain(unknown.ToString()));
            Assert.That(badEnum.GetProperty("errors").EnumerateObject().Single().Name, Is.EqualTo("definition.consent.state"));
            Assert.That(noName.GetProperty("errors").GetProperty("name")[0].GetString(), Does.Contain("name"));
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }
}
