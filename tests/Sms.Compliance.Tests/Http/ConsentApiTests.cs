using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit.Testing;
using Sms.Compliance.Consent;
using Sms.Compliance.Tests.Support;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.Testing;

namespace Sms.Compliance.Tests.Http;

/// <summary>The service as built by its Program, on a test server, with the bus swapped for the in-memory harness.</summary>
public class ConsentApiTests : ComplianceServiceFixture
{
    // Marketing approval must not depend on the wall clock.
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Compliance:QuietHours:Enabled"] = "false" };

    [Test]
    public async Task Consent_shows_the_state_and_the_history_oldest_first()
    {
        var number = TestNumbers.Unique();
        var stopId = Guid.NewGuid();
        var t0 = new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero);
        await Ledger.RecordAsync(Event(number, ConsentKind.OptIn, "keyword:START", t0, Guid.NewGuid()), Guid.NewGuid(), CancellationToken.None);
        await Ledger.RecordAsync(Event(number, ConsentKind.OptOut, "keyword:STOP", t0.AddHours(1), stopId), stopId, CancellationToken.None);

        var response = await Client.GetAsync($"/v1/consent/{Uri.EscapeDataString(number)}");

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
            Assert.That(history[1].GetProperty("evidenceText").GetString(), Is.EqualTo("STOP"));
            Assert.That(history[1].GetProperty("recordedAt").GetDateTimeOffset(), Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5)));
            Assert.That(history[1].GetProperty("occurredAt").GetDateTimeOffset(), Is.EqualTo(t0.AddHours(1)));
        });
    }

    [Test]
    public async Task A_number_without_events_has_state_none()
    {
        var number = TestNumbers.Unique();

        var view = await Client.GetFromJsonAsync<JsonElement>($"/v1/consent/{Uri.EscapeDataString(number)}");

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

        var response = await Client.GetAsync($"/v1/consent/{number}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("447700900001")]
    [TestCase("%2B0447700900001")]
    [TestCase("%2B12")]
    [TestCase("not-a-number")]
    public async Task A_number_that_is_not_E164_is_a_bad_request_with_problem_details(string number)
    {
        var response = await Client.GetAsync($"/v1/consent/{number}");

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
        using var anonymous = Service.CreateClient();

        var response = await anonymous.GetAsync("/v1/consent/%2B447700900001");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task An_opt_in_with_express_consent_is_recorded_with_its_evidence_and_allows_marketing()
    {
        var number = TestNumbers.Unique();

        var response = await Client.PostAsJsonAsync($"/v1/consent/{Uri.EscapeDataString(number)}/opt-in",
            new { expressConsent = true, evidence = "Ticked 'Send me offers by SMS' on the signup form" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        var entry = view.GetProperty("history")[0];
        var history = await Ledger.GetHistoryAsync(number, "default", CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(view.GetProperty("state").GetString(), Is.EqualTo("opted_in"));
            Assert.That(entry.GetProperty("source").GetString(), Is.EqualTo("api"));
            Assert.That(entry.GetProperty("rule").GetString(), Is.EqualTo("api:express-consent"));
            Assert.That(history.Single().EvidenceText, Is.EqualTo("Ticked 'Send me offers by SMS' on the signup form"));
        });
        var harness = Service.Services.GetTestHarness();
        Assert.That(await harness.PublishedEventuallyAsync<OptInRecorded>(m => m.Number == number
            && m.Source == ConsentSource.Api), Is.Not.Null);

        var marketing = new SendSms
        {
            MessageId = Guid.NewGuid(), To = number, Text = "20% off this week", Category = SmsCategory.Marketing,
        };
        await harness.Bus.Publish(marketing);
        Assert.That(await harness.PublishedEventuallyAsync<SmsApproved>(m => m.Request.MessageId == marketing.MessageId), Is.Not.Null);
    }

    [Test]
    public async Task An_opt_in_without_express_consent_or_evidence_is_refused_and_records_nothing()
    {
        var number = TestNumbers.Unique();

        var response = await Client.PostAsJsonAsync($"/v1/consent/{Uri.EscapeDataString(number)}/opt-in",
            new { expressConsent = false, evidence = " " });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("errors").TryGetProperty("expressConsent", out _), Is.True);
            Assert.That(problem.GetProperty("errors").TryGetProperty("evidence", out _), Is.True);
        });
        Assert.That(await Ledger.GetHistoryAsync(number, "default", CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task The_same_opt_in_sent_twice_with_an_idempotency_key_is_recorded_once()
    {
        var number = TestNumbers.Unique();
        var key = Guid.NewGuid().ToString();
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/consent/{Uri.EscapeDataString(number)}/opt-in")
            {
                Content = JsonContent.Create(new { expressConsent = true, evidence = "web form" }),
            };
            request.Headers.Add("Idempotency-Key", key);
            Assert.That((await Client.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That(await Ledger.GetHistoryAsync(number, "default", CancellationToken.None), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task An_agent_opts_a_number_out_and_every_later_send_is_suppressed()
    {
        var number = TestNumbers.Unique();
        var harness = Service.Services.GetTestHarness();
        var before = new SendSms { MessageId = Guid.NewGuid(), To = number, Text = "Reminder", Category = SmsCategory.Transactional };
        await harness.Bus.Publish(before);
        Assert.That(await harness.PublishedEventuallyAsync<SmsApproved>(m => m.Request.MessageId == before.MessageId), Is.Not.Null);

        var response = await Client.PostAsJsonAsync($"/v1/consent/{Uri.EscapeDataString(number)}/opt-out",
            new { agent = "alice", reason = "Customer asked on a phone call" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(view.GetProperty("state").GetString(), Is.EqualTo("opted_out"));
            Assert.That(view.GetProperty("history")[0].GetProperty("source").GetString(), Is.EqualTo("agent"));
            Assert.That(view.GetProperty("history")[0].GetProperty("rule").GetString(), Is.EqualTo("agent:alice"));
        });
        Assert.That(await harness.PublishedEventuallyAsync<OptOutRecorded>(m => m.Number == number
            && m.Source == ConsentSource.Agent), Is.Not.Null);
        var after = before with { MessageId = Guid.NewGuid() };
        await harness.Bus.Publish(after);
        Assert.That(await harness.PublishedEventuallyAsync<SmsSuppressed>(m => m.Request.MessageId == after.MessageId
            && m.Reason == SuppressionReason.OptedOut), Is.Not.Null);
    }

    [Test]
    public async Task An_opt_out_of_marketing_only_keeps_reminders_and_the_view_shows_each_purpose()
    {
        var number = TestNumbers.Unique();
        await Client.PostAsJsonAsync($"/v1/consent/{Uri.EscapeDataString(number)}/opt-in",
            new { expressConsent = true, evidence = "Web form, box ticked" });

        var response = await Client.PostAsJsonAsync($"/v1/consent/{Uri.EscapeDataString(number)}/opt-out",
            new { agent = "alice", reason = "No offers, reminders are fine", purposes = new[] { "marketing" } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        var purposes = view.GetProperty("purposes");
        Assert.Multiple(() =>
        {
            Assert.That(view.GetProperty("state").GetString(), Is.EqualTo("opted_in"), "informational is still opted in");
            Assert.That(purposes.GetProperty("informational").GetProperty("state").GetString(), Is.EqualTo("opted_in"));
            Assert.That(purposes.GetProperty("informational").GetProperty("allowed").GetBoolean(), Is.True);
            Assert.That(purposes.GetProperty("marketing").GetProperty("state").GetString(), Is.EqualTo("opted_out"));
            Assert.That(purposes.GetProperty("marketing").GetProperty("allowed").GetBoolean(), Is.False);
            Assert.That(purposes.GetProperty("marketing").GetProperty("decidedBy").GetProperty("rule").GetString(), Is.EqualTo("agent:alice"));
            Assert.That(view.GetProperty("history")[1].GetProperty("purposes").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(new[] { "marketing" }));
        });
        var harness = Service.Services.GetTestHarness();
        var reminder = new SendSms { MessageId = Guid.NewGuid(), To = number, Text = "Reminder", Category = SmsCategory.Transactional };
        var offer = reminder with { MessageId = Guid.NewGuid(), Text = "20% off", Category = SmsCategory.Marketing };
        await harness.Bus.Publish(reminder);
        await harness.Bus.Publish(offer);
        Assert.That(await harness.PublishedEventuallyAsync<SmsApproved>(m => m.Request.MessageId == reminder.MessageId), Is.Not.Null);
        Assert.That(await harness.PublishedEventuallyAsync<SmsSuppressed>(m => m.Request.MessageId == offer.MessageId
            && m.Reason == SuppressionReason.OptedOut), Is.Not.Null);
    }

    [Test]
    public async Task An_unknown_purpose_is_refused_and_records_nothing()
    {
        var number = TestNumbers.Unique();

        var response = await Client.PostAsJsonAsync($"/v1/consent/{Uri.EscapeDataString(number)}/opt-out",
            new { agent = "alice", purposes = new[] { "promotions" } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("purposes")[0].GetString(),
            Does.Contain("informational and/or marketing"));
        Assert.That(await Ledger.GetHistoryAsync(number, "default", CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task An_agent_opt_out_without_the_agent_is_refused()
    {
        var response = await Client.PostAsJsonAsync($"/v1/consent/{Uri.EscapeDataString(TestNumbers.Unique())}/opt-out", new { reason = "x" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task An_import_applies_the_good_rows_reports_the_bad_ones_by_line_and_adds_nothing_the_second_time()
    {
        var a = TestNumbers.Unique();
        var b = TestNumbers.Unique();
        var csv = $"""
            number,kind,occurred_at,evidence
            {a},opt_out,2025-06-01T09:00:00Z,paper form
            not-a-number,opt_out,2025-06-01T09:00:00Z,
            {b},opt_in,2025-06-01T09:00:00Z,"web form, consent box"
            {b},sometimes,2025-06-01T09:00:00Z,
            """;

        var first = await ImportAsync(csv);
        var second = await ImportAsync(csv);

        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("rows").GetInt32(), Is.EqualTo(4));
            Assert.That(first.GetProperty("applied").GetInt32(), Is.EqualTo(2));
            Assert.That(first.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("line").GetInt32()), Is.EqualTo(new[] { 3, 5 }));
            Assert.That(second.GetProperty("applied").GetInt32(), Is.Zero);
            Assert.That(second.GetProperty("alreadyImported").GetInt32(), Is.EqualTo(2));
        });
        var historyA = await Ledger.GetHistoryAsync(a, "default", CancellationToken.None);
        var historyB = await Ledger.GetHistoryAsync(b, "default", CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(historyA.Single(), Has.Property(nameof(ConsentEvent.Kind)).EqualTo(ConsentKind.OptOut)
                .And.Property(nameof(ConsentEvent.Source)).EqualTo(ConsentSource.Import)
                .And.Property(nameof(ConsentEvent.EvidenceText)).EqualTo("paper form"));
            Assert.That(historyB.Single(), Has.Property(nameof(ConsentEvent.Kind)).EqualTo(ConsentKind.OptIn)
                .And.Property(nameof(ConsentEvent.EvidenceText)).EqualTo("web form, consent box"));
        });
    }

    [Test]
    public async Task An_undated_opt_out_imported_again_after_an_opt_in_adds_nothing_and_does_not_opt_out_again()
    {
        var number = TestNumbers.Unique();
        var csv = $"number,kind,evidence\n{number},opt_out,old suppression list\n";

        var first = await ImportAsync(csv);
        var optIn = await Client.PostAsJsonAsync($"/v1/consent/{Uri.EscapeDataString(number)}/opt-in",
            new { expressConsent = true, evidence = "web form" });
        var again = await ImportAsync(csv);

        var history = await Ledger.GetHistoryAsync(number, "default", CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("applied").GetInt32(), Is.EqualTo(1));
            Assert.That(optIn.IsSuccessStatusCode, Is.True);
            Assert.That(again.GetProperty("applied").GetInt32(), Is.Zero);
            Assert.That(again.GetProperty("alreadyImported").GetInt32(), Is.EqualTo(1));
            Assert.That(history.Select(e => e.Kind), Is.EqualTo(new[] { ConsentKind.OptOut, ConsentKind.OptIn }));
        });
    }

    [Test]
    public async Task An_import_announces_each_row_it_records_once_and_nothing_when_the_file_comes_again()
    {
        var harness = Service.Services.GetTestHarness();
        var recorder = new PublishRecorder();
        using var _ = harness.Bus.ConnectPublishObserver(recorder);
        var a = TestNumbers.Unique();
        var b = TestNumbers.Unique();
        var csv = $"""
            number,kind,occurred_at,evidence
            {a},opt_out,2025-06-01T09:00:00Z,paper form
            {b},opt_in,2025-06-01T09:00:00Z,web form
            """;

        await ImportAsync(csv);
        await ImportAsync(csv);

        var optOuts = recorder.Of<OptOutRecorded>().Where(p => p.Message.Number == a).ToList();
        var optIns = recorder.Of<OptInRecorded>().Where(p => p.Message.Number == b).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(optOuts, Has.Count.EqualTo(1));
            Assert.That(optIns, Has.Count.EqualTo(1));
            Assert.That(optOuts[0].Message.Source, Is.EqualTo(ConsentSource.Import));
            Assert.That(optOuts[0].Message.Rule, Is.EqualTo("import:opt_out"));
            Assert.That(optOuts[0].Message.Scope, Is.EqualTo("default"));
            Assert.That(optOuts[0].Message.InboundMessageId, Is.Null);
            Assert.That(optIns[0].Message.Rule, Is.EqualTo("import:opt_in"));
            Assert.That(recorder.Of<OptOutRecorded>().Any(p => p.Message.Number == b) || recorder.Of<OptInRecorded>().Any(p => p.Message.Number == a),
                Is.False);
        });
    }

    [Test]
    public async Task An_imported_opt_out_suppresses_the_next_send_at_once()
    {
        var number = TestNumbers.Unique();
        var harness = Service.Services.GetTestHarness();
        var before = new SendSms { MessageId = Guid.NewGuid(), To = number, Text = "Reminder", Category = SmsCategory.Transactional };
        await harness.Bus.Publish(before);
        Assert.That(await harness.PublishedEventuallyAsync<SmsApproved>(m => m.Request.MessageId == before.MessageId), Is.Not.Null,
            "approved, and the number's state cached");

        await ImportAsync($"number,kind\n{number},opt_out\n");
        var after = before with { MessageId = Guid.NewGuid() };
        await harness.Bus.Publish(after);

        Assert.That(await harness.PublishedEventuallyAsync<SmsSuppressed>(m => m.Request.MessageId == after.MessageId
            && m.Reason == SuppressionReason.OptedOut), Is.Not.Null);
        Assert.That(await harness.Published.Any<SmsApproved>(m => m.Context.Message.Request.MessageId == after.MessageId), Is.False);
    }

    [Test]
    public async Task A_contact_time_zone_is_set_shown_replaced_and_cleared()
    {
        var number = TestNumbers.Unique();
        var path = $"/v1/consent/{Uri.EscapeDataString(number)}/time-zone";

        var set = await Client.PutAsJsonAsync(path, new { timeZone = "America/Los_Angeles" });
        Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("timeZone").GetString(), Is.EqualTo("America/Los_Angeles"));
        Assert.That((await GetConsentAsync(number)).GetProperty("timeZone").GetString(), Is.EqualTo("America/Los_Angeles"));

        Assert.That((await Client.PutAsJsonAsync(path, new { timeZone = "Europe/Paris" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await GetConsentAsync(number)).GetProperty("timeZone").GetString(), Is.EqualTo("Europe/Paris"));

        Assert.That((await Client.DeleteAsync(path)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await GetConsentAsync(number)).GetProperty("timeZone").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That((await Client.DeleteAsync(path)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        // Each change is announced, in order; clearing a zone that was not set announces nothing.
        var harness = Service.Services.GetTestHarness();
        Assert.That(await harness.PublishedEventuallyAsync<ContactTimeZoneChanged>(m => m.Number == number && m.TimeZone == null), Is.Not.Null);
        var changes = harness.Published.Select<ContactTimeZoneChanged>(m => m.Context.Message.Number == number)
            .Select(m => m.Context.Message).OrderBy(m => m.ChangedAt).ToList();
        Assert.That(changes.Select(c => c.TimeZone), Is.EqualTo(new[] { "America/Los_Angeles", "Europe/Paris", null }));
    }

    [TestCase("Mars/Olympus_Mons")]
    [TestCase("Pacific Standard Time")]
    [TestCase("")]
    public async Task An_unknown_time_zone_is_a_bad_request_that_says_what_is_expected(string timeZone)
    {
        var number = TestNumbers.Unique();

        var response = await Client.PutAsJsonAsync($"/v1/consent/{Uri.EscapeDataString(number)}/time-zone", new { timeZone });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").GetProperty("timeZone")[0].GetString(), Does.Contain("IANA").And.Contain("America/Los_Angeles"));
        Assert.That((await GetConsentAsync(number)).GetProperty("timeZone").ValueKind, Is.EqualTo(JsonValueKind.Null), "nothing stored");
    }

    [Test]
    public async Task An_opt_in_may_name_the_contact_time_zone_and_an_unknown_one_refuses_the_opt_in()
    {
        var number = TestNumbers.Unique();
        var path = $"/v1/consent/{Uri.EscapeDataString(number)}/opt-in";

        var refused = await Client.PostAsJsonAsync(path, new { expressConsent = true, evidence = "web form", timeZone = "Nowhere/Special" });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await Ledger.GetHistoryAsync(number, "default", CancellationToken.None), Is.Empty);

        var accepted = await Client.PostAsJsonAsync(path, new { expressConsent = true, evidence = "web form", timeZone = "America/Chicago" });
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("timeZone").GetString(), Is.EqualTo("America/Chicago"));
        Assert.That(await Service.Services.GetTestHarness().PublishedEventuallyAsync<ContactTimeZoneChanged>(m => m.Number == number
            && m.TimeZone == "America/Chicago"), Is.Not.Null, "the opt-in's zone is announced");
    }

    [Test]
    public async Task An_import_may_name_each_contact_time_zone_and_reports_an_unknown_one_by_line()
    {
        var a = TestNumbers.Unique();
        var b = TestNumbers.Unique();

        var result = await ImportAsync($"""
            number,kind,occurred_at,time_zone
            {a},opt_in,2025-06-01T09:00:00Z,America/Denver
            {b},opt_in,2025-06-01T09:00:00Z,Atlantis/Capital
            """);

        Assert.Multiple(async () =>
        {
            Assert.That(result.GetProperty("applied").GetInt32(), Is.EqualTo(1));
            var error = result.GetProperty("errors").EnumerateArray().Single();
            Assert.That(error.GetProperty("line").GetInt32(), Is.EqualTo(3));
            Assert.That(error.GetProperty("error").GetString(), Does.Contain("IANA"));
            Assert.That((await GetConsentAsync(a)).GetProperty("timeZone").GetString(), Is.EqualTo("America/Denver"));
            Assert.That(await Ledger.GetHistoryAsync(b, "default", CancellationToken.None), Is.Empty, "a row with a bad zone is not applied");
        });
        Assert.That(await Service.Services.GetTestHarness().PublishedEventuallyAsync<ContactTimeZoneChanged>(m => m.Number == a
            && m.TimeZone == "America/Denver"), Is.Not.Null, "the imported zone is announced");
    }

    private Task<JsonElement> GetConsentAsync(string number) =>
        Client.GetFromJsonAsync<JsonElement>($"/v1/consent/{Uri.EscapeDataString(number)}");

    [Test]
    public async Task An_import_without_the_columns_is_a_bad_request()
    {
        using var content = new StringContent("phone,status\n+447700900001,out\n", System.Text.Encoding.UTF8, "text/csv");

        var response = await Client.PostAsync("/v1/consent/import", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task The_export_holds_every_event_in_CSV_and_JSON()
    {
        var number = TestNumbers.Unique();
        await ImportAsync($"number,kind,occurred_at,evidence\n{number},opt_out,2025-06-01T09:00:00Z,\"said \"\"stop, please\"\"\"\n");

        var csv = await Client.GetStringAsync("/v1/consent/export?format=csv");
        var json = await Client.GetFromJsonAsync<JsonElement>("/v1/consent/export?format=json");

        var line = csv.Split('\n').Single(l => l.Contains(number, StringComparison.Ordinal));
        var entry = json.EnumerateArray().Single(e => e.GetProperty("number").GetString() == number);
        Assert.Multiple(() =>
        {
            Assert.That(csv, Does.StartWith("id,number,scope,kind,source,rule,evidence_message_id,evidence_text,occurred_at,recorded_at,purposes,confirmed_message_id,confirmed_text\n"));
            Assert.That(line, Does.Contain(",informational marketing,,"), "an import covers every purpose");
            Assert.That(entry.GetProperty("purposes").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(new[] { "informational", "marketing" }));
            Assert.That(line, Does.Contain(",default,opt_out,import,import:opt_out,,\"said \"\"stop, please\"\"\",2025-06-01T09:00:00.0000000+00:00,"));
            Assert.That(entry.GetProperty("kind").GetString(), Is.EqualTo("opt_out"));
            Assert.That(entry.GetProperty("source").GetString(), Is.EqualTo("import"));
            Assert.That(entry.GetProperty("evidenceText").GetString(), Is.EqualTo("said \"stop, please\""));
        });
    }

    [Test]
    public async Task The_export_refuses_an_unknown_format()
    {
        var response = await Client.GetAsync("/v1/consent/export?format=xml");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [TestCase("POST", "/v1/consent/%2B447700900001/opt-in")]
    [TestCase("POST", "/v1/consent/%2B447700900001/opt-out")]
    [TestCase("PUT", "/v1/consent/%2B447700900001/time-zone")]
    [TestCase("DELETE", "/v1/consent/%2B447700900001/time-zone")]
    [TestCase("POST", "/v1/consent/import")]
    [TestCase("GET", "/v1/consent/export")]
    public async Task Every_consent_endpoint_needs_an_API_key(string method, string path)
    {
        using var anonymous = Service.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };

        var response = await anonymous.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private async Task<JsonElement> ImportAsync(string csv)
    {
        using var content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");
        var response = await Client.PostAsync("/v1/consent/import", content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
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
