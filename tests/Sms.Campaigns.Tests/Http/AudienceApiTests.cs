using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Sms.Campaigns.Tests.Support;
using Sms.Testing;

namespace Sms.Campaigns.Tests.Http;

/// <summary>Uploaded audiences over HTTP against the real PostgreSQL: members stored by COPY, bad rows and duplicates by line, the size caps.</summary>
public sealed class AudienceApiTests : CampaignsServiceTest
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Campaigns:MaxAudienceRows"] = "50",
        ["Campaigns:MaxAudienceBytes"] = "4000",
    };

    private Task<HttpResponseMessage> UploadAsync(string csv, string name = "spring list") =>
        Client.PostAsync($"/v1/audiences?name={Uri.EscapeDataString(name)}", new StringContent(csv, Encoding.UTF8, "text/csv"));

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Test]
    public async Task The_good_rows_are_stored_with_their_attributes_and_the_rest_reported_by_line()
    {
        // +999 numbers are unassigned: no other test's audience shares them.
        string first = TestNumbers.Unique(), second = TestNumbers.Unique();
        var csv = $"number,first_name,code\n{first},Ada,A1\n07700 900123,Nat,N1\n{first[..4]} {first[4..]},Ada again,A2\n{second},,B1\nnot a number,x,y\n";

        var created = await ReadAsync(await UploadAsync(csv), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var fetched = await ReadAsync(await Client.GetAsync($"/v1/audiences/{id}"), HttpStatusCode.OK);
        var listed = await ReadAsync(await Client.GetAsync("/v1/audiences"), HttpStatusCode.OK);
        var db = await CampaignsDatabase.GetAsync();
        await using var connection = await db.OpenConnectionAsync();
        var members = (await connection.QueryAsync<(string Number, string Attributes)>(
            "SELECT number, attributes::text FROM campaigns.audience_members WHERE audience_id = @Id ORDER BY attributes ->> 'code'", new { Id = id })).ToList();

        var summary = listed.EnumerateArray().Single(a => a.GetProperty("id").GetGuid() == id);
        Assert.Multiple(() =>
        {
            Assert.That(members.Select(m => m.Number), Is.EqualTo(new[] { first, second }));
            Assert.That(JsonSerializer.Deserialize<Dictionary<string, string>>(members[0].Attributes),
                Is.EqualTo(new Dictionary<string, string> { ["first_name"] = "Ada", ["code"] = "A1" }));
            Assert.That(fetched.GetProperty("members").GetInt32(), Is.EqualTo(2));
            Assert.That(fetched.GetProperty("badRows").EnumerateArray().Select(r => r.GetProperty("line").GetInt32()), Is.EqualTo(new[] { 3, 6 }));
            Assert.That(fetched.GetProperty("badRows")[0].GetProperty("reason").GetString(), Does.Contain("international form"));
            Assert.That(fetched.GetProperty("duplicates").EnumerateArray().Select(r => (r.GetProperty("line").GetInt32(), r.GetProperty("duplicateOf").GetInt32())),
                Is.EqualTo(new[] { (4, 2) }));
            Assert.That(created.GetProperty("badRows").GetArrayLength(), Is.EqualTo(2), "the upload's answer says the same");
            Assert.That((summary.GetProperty("name").GetString(), summary.GetProperty("members").GetInt32(), summary.GetProperty("badRows").GetInt32(),
                summary.GetProperty("duplicates").GetInt32()), Is.EqualTo(("spring list", 2, 2, 1)));
        });
    }

    [Test]
    public async Task A_file_without_a_number_column_or_a_name_is_refused_and_nothing_stored()
    {
        var noColumn = await ReadAsync(await UploadAsync("name,email\nAda,ada@example.com\n", "no numbers"), HttpStatusCode.BadRequest);
        var noName = await ReadAsync(await Client.PostAsync("/v1/audiences", new StringContent("number\n+15550100999\n", Encoding.UTF8, "text/csv")), HttpStatusCode.BadRequest);
        var listed = await ReadAsync(await Client.GetAsync("/v1/audiences"), HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(noColumn.GetProperty("errors").GetProperty("line 1")[0].GetString(), Does.Contain("number column"));
            Assert.That(noName.GetProperty("errors").GetProperty("name")[0].GetString(), Does.Contain("?name="));
            Assert.That(listed.EnumerateArray().Select(a => a.GetProperty("name").GetString()), Does.Not.Contain("no numbers"));
        });
    }

    [Test]
    public async Task A_file_past_the_row_or_byte_cap_is_refused_whole_with_413()
    {
        var rows = await ReadAsync(await UploadAsync("number\n" + string.Concat(Enumerable.Range(0, 51).Select(_ => TestNumbers.Unique() + "\n")), "too many rows"),
            HttpStatusCode.RequestEntityTooLarge);
        var bytes = await UploadAsync("number,padding\n+15550100999," + new string('x', 4000) + "\n", "too many bytes");
        var listed = await ReadAsync(await Client.GetAsync("/v1/audiences"), HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(rows.GetProperty("title").GetString(), Does.Contain("50 rows"));
            Assert.That(bytes.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
            Assert.That(listed.EnumerateArray().Select(a => a.GetProperty("name").GetString()), Has.None.StartsWith("too many"));
        });
    }
}
