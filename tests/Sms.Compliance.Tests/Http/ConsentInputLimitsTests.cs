using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sms.Compliance.Consent;
using Sms.Compliance.Tests.Support;
using Sms.Testing;

namespace Sms.Compliance.Tests.Http;

/// <summary>
/// Every limit of the consent API and its import (<see cref="ConsentLimits"/>): a request outside them is a 400 (413 for
/// size) that names the field and says why, never a 500 or a row PostgreSQL refuses; an import reports a bad row by its
/// line and keeps every other row.
/// </summary>
public sealed class ConsentInputLimitsTests : ComplianceServiceFixture
{
    private static string Path(string number, string action) => $"/v1/consent/{Uri.EscapeDataString(number)}/{action}";

    private async Task<string> RefusedFieldMessageAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
        using var problem = JsonDocument.Parse(body);
        Assert.That(problem.RootElement.GetProperty("errors").TryGetProperty(field, out var messages), Is.True, body);
        return messages[0].GetString()!;
    }

    [TestCase("\\u0000", "U+0000")]
    [TestCase("\\ud800", "surrogate")]
    public async Task An_opt_in_whose_evidence_holds_a_character_no_store_takes_is_refused_naming_evidence(string escaped, string why)
    {
        var number = TestNumbers.Unique();
        using var response = await Client.PostAsync(Path(number, "opt-in"), new StringContent(
            $$"""{"expressConsent":true,"evidence":"web form {{escaped}} box","occurredAt":"2025-06-01T09:00:00Z"}""", Encoding.UTF8, "application/json"));

        Assert.That(await RefusedFieldMessageAsync(response, "evidence"), Does.Contain(why));
        Assert.That(await Ledger.GetHistoryAsync(number, "default", CancellationToken.None), Is.Empty);
    }

    [TestCase("0001-01-01T00:00:00Z", "2000-01-01")]
    [TestCase("1970-01-01T00:00:00Z", "2000-01-01")]
    [TestCase("9999-12-31T23:59:59Z", "future")]
    [TestCase("9999-12-31T23:59:59-05:00", "Not a value")]
    [TestCase("0001-01-01T00:00:00+01:00", "Not a value")]
    public async Task An_opt_in_at_a_time_out_of_range_is_refused_naming_occurredAt(string occurredAt, string why)
    {
        var number = TestNumbers.Unique();
        using var response = await Client.PostAsync(Path(number, "opt-in"), new StringContent(
            $$"""{"expressConsent":true,"evidence":"web form","occurredAt":"{{occurredAt}}"}""", Encoding.UTF8, "application/json"));

        Assert.That(await RefusedFieldMessageAsync(response, "occurredAt"), Does.Contain(why));
    }

    [Test]
    public async Task An_opt_in_whose_body_is_the_wrong_shape_is_refused_naming_the_field()
    {
        using var response = await Client.PostAsync(Path(TestNumbers.Unique(), "opt-in"), new StringContent(
            """{"expressConsent":"yes","evidence":"web form"}""", Encoding.UTF8, "application/json"));

        Assert.That(await RefusedFieldMessageAsync(response, "expressConsent"), Does.Contain("Not valid JSON for this field"));
    }

    [Test]
    public async Task An_agents_opt_out_whose_reason_holds_U0000_is_refused_naming_reason()
    {
        var number = TestNumbers.Unique();
        using var response = await Client.PostAsync(Path(number, "opt-out"), new StringContent(
            """{"agent":"alice","reason":"asked \u0000 on the phone"}""", Encoding.UTF8, "application/json"));

        Assert.That(await RefusedFieldMessageAsync(response, "reason"), Does.Contain("U+0000"));
        Assert.That(await Ledger.GetHistoryAsync(number, "default", CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task A_time_zone_longer_than_any_is_refused_naming_timeZone()
    {
        using var response = await Client.PutAsJsonAsync(Path(TestNumbers.Unique(), "time-zone"), new { timeZone = new string('A', 10_000) });

        Assert.That(await RefusedFieldMessageAsync(response, "timeZone"), Does.Contain($"At most {ConsentLimits.MaxTimeZoneLength}"));
    }

    [Test]
    public async Task An_import_reports_rows_with_unstorable_evidence_or_a_placeholder_time_by_line_and_keeps_the_others()
    {
        var good = TestNumbers.Unique();
        var nul = TestNumbers.Unique();
        var ancient = TestNumbers.Unique();
        var csv = $"number,kind,occurred_at,evidence\n{nul},opt_out,2025-06-01T09:00:00Z,said \0stop\n{good},opt_out,2025-06-01T09:00:00Z,paper form\n{ancient},opt_in,0001-01-01T00:00:00Z,web form\n";

        using var response = await Client.PostAsync("/v1/consent/import", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = result.GetProperty("errors").EnumerateArray().ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(result.GetProperty("applied").GetInt32(), Is.EqualTo(1));
            Assert.That(errors.Select(e => e.GetProperty("line").GetInt32()), Is.EqualTo(new[] { 2, 4 }));
            Assert.That(errors[0].GetProperty("error").GetString(), Does.Contain("U+0000"));
            Assert.That(errors[1].GetProperty("error").GetString(), Does.Contain("occurred_at"));
            Assert.That(await Ledger.GetHistoryAsync(good, "default", CancellationToken.None), Has.Count.EqualTo(1));
            Assert.That(await Ledger.GetHistoryAsync(nul, "default", CancellationToken.None), Is.Empty);
        });
    }

    [Test]
    public async Task An_import_with_more_rows_than_allowed_is_refused_whole_and_applies_nothing()
    {
        var first = TestNumbers.Unique();
        var csv = new StringBuilder("number,kind\n").Append(first).Append(",opt_out\n");
        for (var i = 0; i < ConsentLimits.MaxImportRows; i++) csv.Append("+447700900000,opt_out\n");

        using var response = await Client.PostAsync("/v1/consent/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));

        Assert.That(await RefusedFieldMessageAsync(response, "request"), Does.Contain($"at most {ConsentLimits.MaxImportRows}"));
        Assert.That(await Ledger.GetHistoryAsync(first, "default", CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task A_chunked_import_larger_than_allowed_is_refused_with_413_though_it_announced_no_length()
    {
        // Over a real socket (Kestrel): the in-memory test server does not send a body chunked.
        await using var kestrel = await CreateServiceAsync();
        kestrel.UseKestrel(0);
        kestrel.StartServer();
        using var client = kestrel.CreateClientWithApiKey();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/consent/import") { Content = new UnannouncedLength(ConsentLimits.MaxImportBytes + 1) };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), await response.Content.ReadAsStringAsync());
    }

    /// <summary>A body of <paramref name="length"/> bytes that does not say its length (sent chunked).</summary>
    private sealed class UnannouncedLength(int length) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var line = Encoding.ASCII.GetBytes("number,kind\n");
            await stream.WriteAsync(line);
            var row = Encoding.ASCII.GetBytes("+447700900000,opt_out\n");
            for (var written = line.Length; written < length; written += row.Length) await stream.WriteAsync(row);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
