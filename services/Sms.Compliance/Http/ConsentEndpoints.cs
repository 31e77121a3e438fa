using System.Globalization;
using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Sms.Compliance.Consent;
using Sms.Compliance.Data;
using Sms.Compliance.Extensions;
using Sms.Contracts.Compliance;
using Sms.ServiceDefaults.Messaging;
using Sms.ServiceDefaults.Numbers;
using Sms.ServiceDefaults.Security;

namespace Sms.Compliance.Http;

/// <summary>
/// A number's consent now and the ledger events it follows from, and the contact's own time zone when one is set
/// (quiet hours use it instead of the number's).
/// </summary>
public sealed record ConsentView(string Number, string Scope, string State, IReadOnlyList<ConsentHistoryEntry> History, string? TimeZone);

/// <summary>One ledger event behind the state, with its evidence: the message that caused it and what it said.</summary>
public sealed record ConsentHistoryEntry(
    string Kind, string Source, string Rule, Guid? EvidenceMessageId, string? EvidenceText, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt);

/// <summary>
/// <c>POST /v1/consent/{number}/opt-in</c>: an opt-in with express consent for marketing, recorded with its evidence
/// (what the customer agreed to, where and how), and optionally the contact's IANA time zone for quiet hours.
/// </summary>
public sealed record OptInRequest(bool ExpressConsent, string? Evidence, Guid? EvidenceMessageId, DateTimeOffset? OccurredAt, string? TimeZone = null);

/// <summary><c>PUT /v1/consent/{number}/time-zone</c>: the contact's own time zone, an IANA id such as <c>America/Los_Angeles</c>.</summary>
public sealed record TimeZoneRequest(string? TimeZone);

/// <summary>The contact's own time zone as stored.</summary>
public sealed record TimeZoneView(string Number, string TimeZone);

/// <summary><c>POST /v1/consent/{number}/opt-out</c>: an agent opts the number out from the inbox.</summary>
public sealed record AgentOptOutRequest(string? Agent, string? Reason, Guid? EvidenceMessageId);

public sealed record ImportResult(int Rows, int Applied, int AlreadyImported, IReadOnlyList<ImportError> Errors);

/// <summary>One ledger event as exported for audit.</summary>
public sealed record LedgerExportEntry(
    long Id, string Number, string Scope, string Kind, string Source, string Rule, Guid? EvidenceMessageId, string? EvidenceText,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt);

public static class ConsentEndpoints
{
    /// <summary>Names the request an <c>Idempotency-Key</c> (a UUID): sending it again records nothing new.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public const string ExpressConsentRule = "api:express-consent";

    /// <summary>Where a contact's time zone came from, as stored with it.</summary>
    private const string TimeZoneSourceApi = "api", TimeZoneSourceOptIn = "opt_in", TimeZoneSourceImport = "import";

    private const int ExportPage = 5_000;

    /// <summary>The namespace the ids of imported rows are derived in, so importing the same file twice adds nothing.</summary>
    private static readonly Guid ImportNamespace = new("3f0b7c55-4a59-4e0e-9d43-6c1f3b1f7a10");

    /// <summary>
    /// The consent API, API key required. Numbers are E.164, URL-encoded (<c>%2B447700900001</c>).
    /// <list type="bullet">
    /// <item><c>GET /v1/consent/{number}</c>: state and full history.</item>
    /// <item><c>POST /v1/consent/{number}/opt-in</c>: express consent for marketing (source api).</item>
    /// <item><c>POST /v1/consent/{number}/opt-out</c>: an agent's opt-out (source agent).</item>
    /// <item><c>PUT /v1/consent/{number}/time-zone</c>, <c>DELETE</c> likewise: the contact's own time zone for quiet hours.</item>
    /// <item><c>POST /v1/consent/import</c>: CSV of opt-outs and opt-ins (source import); bad rows reported by line.</item>
    /// <item><c>GET /v1/consent/export?format=csv|json</c>: the scope's whole ledger for audit.</item>
    /// </list>
    /// </summary>
    public static WebApplication MapConsentApi(this WebApplication app)
    {
        var consent = app.MapGroup("/v1/consent").RequireApiKey();
        consent.MapGet("/export", ExportAsync).WithName("ExportConsentLedger");
        consent.MapPost("/import", ImportAsync).WithName("ImportConsent");
        consent.MapGet("/{number}", GetConsentAsync).WithName("GetConsent");
        consent.MapPost("/{number}/opt-in", OptInAsync).WithName("OptIn");
        consent.MapPost("/{number}/opt-out", AgentOptOutAsync).WithName("AgentOptOut");
        consent.MapPut("/{number}/time-zone", SetTimeZoneAsync).WithName("SetContactTimeZone");
        consent.MapDelete("/{number}/time-zone", ClearTimeZoneAsync).WithName("ClearContactTimeZone");
        return app;
    }

    internal static async Task<IResult> GetConsentAsync(
        string number, string? scope, ConsentLedger ledger, ContactTimeZones timeZones, BrandScopes brands, CancellationToken cancellationToken)
    {
        if (!PhoneNumbers.IsE164(number)) return NotAPhoneNumber();
        if (UnknownScope(scope, brands) is { } unknown) return unknown;
        return Results.Ok(await ViewAsync(number, ledger, timeZones, scope ?? brands.DefaultScope, cancellationToken));
    }

    internal static async Task<IResult> OptInAsync(
        string number, string? scope, HttpRequest http, ConsentRecorder recorder, ConsentLedger ledger, ContactTimeZones timeZones,
        IPublishEndpoint publisher, BrandScopes brands, TimeProvider clock, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        if (!PhoneNumbers.IsE164(number)) return NotAPhoneNumber();
        if (UnknownScope(scope, brands) is { } unknown) return unknown;
        scope ??= brands.DefaultScope;
        var (request, refusal) = await RequestBodies.ReadJsonAsync<OptInRequest>(http, json.Value.SerializerOptions, cancellationToken);
        if (refusal is not null) return refusal;
        var errors = new Dictionary<string, string[]>();
        TimeZoneInfo? zone = null;
        if (request!.TimeZone is not null && TimeZoneProblem(request.TimeZone, out zone) is { } zoneError)
            errors["timeZone"] = [zoneError];
        if (!request.ExpressConsent)
            errors["expressConsent"] = ["Must be true: an opt-in for marketing needs the customer's express consent."];
        if (string.IsNullOrWhiteSpace(request.Evidence))
            errors["evidence"] = ["Say how and where the customer consented (form, wording, time); it is kept as evidence."];
        else if (ConsentLimits.TextProblem(request.Evidence, ConsentLimits.MaxEvidenceLength) is { } evidenceProblem)
            errors["evidence"] = [evidenceProblem];
        var now = clock.GetUtcNow();
        if (request.OccurredAt is { } occurredAt && ConsentLimits.OccurredAtProblem(occurredAt, now) is { } timeProblem)
            errors["occurredAt"] = [timeProblem];
        if (IdempotencyKey(http) is { Error: { } keyError }) errors["Idempotency-Key"] = [keyError];
        if (errors.Count > 0) return Results.ValidationProblem(errors, title: "The opt-in cannot be recorded");

        await recorder.RecordAndAnnounceAsync(new ConsentEvent
        {
            Number = number,
            Scope = scope,
            Kind = ConsentKind.OptIn,
            Source = ConsentSource.Api,
            Rule = ExpressConsentRule,
            EvidenceMessageId = request.EvidenceMessageId,
            EvidenceText = request.Evidence,
            OccurredAt = request.OccurredAt ?? now,
        }, IdempotencyKey(http).Key ?? Guid.NewGuid(), publisher, cancellationToken);
        // Set again on a repeated request too: it asks for the same zone, and an earlier attempt may have stopped before it.
        if (zone is not null) await timeZones.SetAsync(number, zone, TimeZoneSourceOptIn, cancellationToken);
        return Results.Ok(await ViewAsync(number, ledger, timeZones, scope, cancellationToken));
    }

    internal static async Task<IResult> AgentOptOutAsync(
        string number, string? scope, HttpRequest http, ConsentRecorder recorder, ConsentLedger ledger, ContactTimeZones timeZones,
        IPublishEndpoint publisher, BrandScopes brands, TimeProvider clock, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        if (!PhoneNumbers.IsE164(number)) return NotAPhoneNumber();
        if (UnknownScope(scope, brands) is { } unknown) return unknown;
        scope ??= brands.DefaultScope;
        var (request, refusal) = await RequestBodies.ReadJsonAsync<AgentOptOutRequest>(http, json.Value.SerializerOptions, cancellationToken);
        if (refusal is not null) return refusal;
        var errors = AgentOptOuts.Problems(number, request!.Agent, request.Reason).ToDictionary(p => p.Key, p => new[] { p.Value });
        // Over the API a caller can correct it; a command from the bus is kept with the character replaced (AgentOptOuts.Event).
        if (!errors.ContainsKey("agent") && request.Agent is not null && ConsentLimits.TextProblem(request.Agent, ConsentLimits.MaxAgentLength) is { } agentProblem)
            errors["agent"] = [agentProblem];
        if (!errors.ContainsKey("reason") && request.Reason is not null && ConsentLimits.TextProblem(request.Reason, ConsentLimits.MaxEvidenceLength) is { } reasonProblem)
            errors["reason"] = [reasonProblem];
        if (IdempotencyKey(http) is { Error: { } keyError }) errors["Idempotency-Key"] = [keyError];
        if (errors.Count > 0) return Results.ValidationProblem(errors, title: "The opt-out cannot be recorded");

        await recorder.RecordAndAnnounceAsync(
            AgentOptOuts.Event(number, scope, request.Agent!, request.Reason, request.EvidenceMessageId, clock.GetUtcNow()),
            IdempotencyKey(http).Key ?? Guid.NewGuid(), publisher, cancellationToken);
        return Results.Ok(await ViewAsync(number, ledger, timeZones, scope, cancellationToken));
    }

    /// <summary>
    /// <c>PUT /v1/consent/{number}/time-zone</c>, body <c>{"timeZone":"America/Los_Angeles"}</c>: the contact's own time
    /// zone, which quiet hours use instead of the zones of the number. An attribute of the contact, for every brand.
    /// </summary>
    internal static async Task<IResult> SetTimeZoneAsync(
        string number, HttpRequest http, ContactTimeZones timeZones, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        if (!PhoneNumbers.IsE164(number)) return NotAPhoneNumber();
        var (request, refusal) = await RequestBodies.ReadJsonAsync<TimeZoneRequest>(http, json.Value.SerializerOptions, cancellationToken);
        if (refusal is not null) return refusal;
        if (TimeZoneProblem(request!.TimeZone, out var zone) is { } error)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["timeZone"] = [error] }, title: "Not a time zone");
        await timeZones.SetAsync(number, zone!, TimeZoneSourceApi, cancellationToken);
        return Results.Ok(new TimeZoneView(number, zone!.Id));
    }

    /// <summary><c>DELETE /v1/consent/{number}/time-zone</c>: quiet hours go back to the zones of the number. 204, or 404 when none was set.</summary>
    internal static async Task<IResult> ClearTimeZoneAsync(string number, ContactTimeZones timeZones, CancellationToken cancellationToken)
    {
        if (!PhoneNumbers.IsE164(number)) return NotAPhoneNumber();
        return await timeZones.ClearAsync(number, cancellationToken) ? Results.NoContent() : Results.NotFound();
    }

    /// <summary>
    /// <c>POST /v1/consent/import</c>, body CSV (see <see cref="ConsentCsv"/>). Good rows are applied, bad rows are
    /// listed with their line numbers; a row imported before (same number, kind, time or no time, and evidence) adds nothing. Each
    /// row applied is announced (<see cref="OptOutRecorded"/>, <see cref="OptInRecorded"/>) after the decision cache
    /// dropped the number's state, so an imported opt-out holds for the next send before the response is sent.
    /// </summary>
    internal static async Task<IResult> ImportAsync(
        HttpRequest http, string? scope, ConsentRecorder recorder, ContactTimeZones timeZones, IPublishEndpoint publisher, BrandScopes brands,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (UnknownScope(scope, brands) is { } unknown) return unknown;
        scope ??= brands.DefaultScope;
        // Counted as read, not only as announced: a chunked body has no Content-Length.
        var (body, refusal) = await RequestBodies.ReadAsync(http, ConsentLimits.MaxImportBytes, cancellationToken);
        if (refusal is not null) return refusal;

        // Bytes that are not UTF-8 become U+FFFD: a row is then refused or kept for what it says, never the whole file for it.
        var parsed = ConsentCsv.Parse(Encoding.UTF8.GetString(body!));
        var dataRows = parsed.Rows.Count + parsed.Errors.Count;
        if (parsed.Rows.Count == 0 && parsed.Errors.Count == 1 && parsed.Errors[0].Line == 1)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["line 1"] = [parsed.Errors[0].Error] }, title: "Not a consent import");
        if (dataRows > ConsentLimits.MaxImportRows)
        {
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { ["request"] = [$"The file has {dataRows} rows; at most {ConsentLimits.MaxImportRows} per import. Split it: nothing was imported."] },
                title: "Too many rows for one import");
        }

        var now = clock.GetUtcNow();
        var errors = parsed.Errors.ToList();
        int applied = 0, already = 0;
        foreach (var row in parsed.Rows)
        {
            if (row.OccurredAt is { } occurredAt && ConsentLimits.OccurredAtProblem(occurredAt, now) is { } timeProblem)
            {
                errors.Add(new ImportError(row.Line, $"occurred_at: {timeProblem}"));
                continue;
            }
            var kind = LedgerCodes.Of(row.Kind);
            // The row's id derives from its content, so the same file imported again adds nothing (an undated opt-out
            // is recorded at its first import and never again, even after a later opt-in).
            var when = row.OccurredAt is { } at ? at.UtcTicks.ToString(CultureInfo.InvariantCulture) : "undated";
            var cause = MessageIds.Derive(ImportNamespace, $"{scope}|{row.Number}|{kind}|{when}|{row.Evidence}");
            var recording = await recorder.RecordAndAnnounceAsync(new ConsentEvent
            {
                Number = row.Number,
                Scope = scope,
                Kind = row.Kind,
                Source = ConsentSource.Import,
                Rule = "import:" + kind,
                EvidenceText = row.Evidence,
                OccurredAt = row.OccurredAt ?? now,
            }, cause, publisher, cancellationToken);
            if (!recording.IsNew)
            {
                already++;
                continue;
            }
            applied++;
            if (row.TimeZone is not null && ContactTimeZone.TryParse(row.TimeZone, out var zone, out _))
                await timeZones.SetAsync(row.Number, zone, TimeZoneSourceImport, cancellationToken);
        }
        return Results.Ok(new ImportResult(dataRows, applied, already, errors.OrderBy(e => e.Line).ToList()));
    }

    /// <summary><c>GET /v1/consent/export?format=csv|json</c>: every event of the scope, oldest first (by id).</summary>
    internal static async Task ExportAsync(
        HttpContext http, string? scope, ConsentLedger ledger, BrandScopes brands, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        if (UnknownScope(scope, brands) is { } unknown)
        {
            await unknown.ExecuteAsync(http);
            return;
        }
        scope ??= brands.DefaultScope;
        var format = ((string?)http.Request.Query["format"] ?? "json").ToLowerInvariant();
        if (format is not ("json" or "csv"))
        {
            await Results.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["csv or json."] }).ExecuteAsync(http);
            return;
        }

        var response = http.Response;
        response.ContentType = format == "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"consent-ledger-{scope}.{format}\"";
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false));
        await writer.WriteAsync(format == "csv"
            ? "id,number,scope,kind,source,rule,evidence_message_id,evidence_text,occurred_at,recorded_at\n"
            : "[");
        var first = true;
        long sinceId = 0;
        while (true)
        {
            var page = await ledger.ExportAsync(scope, sinceId, ExportPage, cancellationToken);
            foreach (var e in page)
            {
                var entry = Entry(e);
                if (format == "csv")
                {
                    await writer.WriteAsync(string.Join(',',
                        entry.Id.ToString(CultureInfo.InvariantCulture), ConsentCsv.Field(entry.Number), ConsentCsv.Field(entry.Scope),
                        entry.Kind, entry.Source, ConsentCsv.Field(entry.Rule), entry.EvidenceMessageId?.ToString() ?? "",
                        ConsentCsv.Field(entry.EvidenceText),
                        entry.OccurredAt.ToString("O", CultureInfo.InvariantCulture), entry.RecordedAt.ToString("O", CultureInfo.InvariantCulture)) + "\n");
                }
                else
                {
                    await writer.WriteAsync((first ? "" : ",") + JsonSerializer.Serialize(entry, json.Value.SerializerOptions));
                    first = false;
                }
            }
            if (page.Count < ExportPage) break;
            sinceId = page[^1].Id;
            await writer.FlushAsync(cancellationToken);
        }
        if (format == "json") await writer.WriteAsync("]");
    }

    private static LedgerExportEntry Entry(ConsentEvent e) => new(
        e.Id, e.Number, e.Scope, LedgerCodes.Of(e.Kind), LedgerCodes.Of(e.Source), e.Rule, e.EvidenceMessageId, e.EvidenceText,
        e.OccurredAt, e.RecordedAt);

    private static (Guid? Key, string? Error) IdempotencyKey(HttpRequest http)
    {
        var value = (string?)http.Headers[IdempotencyKeyHeader];
        if (string.IsNullOrEmpty(value)) return (null, null);
        return Guid.TryParse(value, out var key) ? (key, null) : (null, "Must be a UUID.");
    }

    /// <summary>Why <paramref name="id"/> is not a time zone we keep (too long, or unknown), or null with the zone.</summary>
    private static string? TimeZoneProblem(string? id, out TimeZoneInfo? zone)
    {
        zone = null;
        if (id is { Length: > ConsentLimits.MaxTimeZoneLength }) return $"At most {ConsentLimits.MaxTimeZoneLength} characters: name an IANA time zone, e.g. Europe/London.";
        return ContactTimeZone.TryParse(id, out zone, out var error) ? null : error;
    }

    /// <summary>Every endpoint takes <c>?scope=</c> (a brand); without it, the deployment's default scope.</summary>
    private static IResult? UnknownScope(string? scope, BrandScopes brands) =>
        scope is null || brands.Scopes.Contains(scope)
            ? null
            : Results.ValidationProblem(
                new Dictionary<string, string[]> { ["scope"] = [$"Not a configured brand; known: {string.Join(", ", brands.Scopes.Order(StringComparer.Ordinal))}."] },
                title: "Unknown scope");

    private static IResult NotAPhoneNumber() =>
        Results.ValidationProblem(
            new Dictionary<string, string[]>
            {
                ["number"] = ["Must be an E.164 phone number: a plus and 7 to 15 digits, e.g. +447700900001 (URL-encoded %2B447700900001)."],
            },
            title: "Not a phone number");

    private static async Task<ConsentView> ViewAsync(
        string number, ConsentLedger ledger, ContactTimeZones timeZones, string scope, CancellationToken cancellationToken)
    {
        var history = await ledger.GetHistoryAsync(number, scope, cancellationToken);
        var timeZone = await timeZones.GetIdAsync(number, cancellationToken);
        var state = ConsentState.FromHistory(number, scope, history);
        return new ConsentView(
            number,
            scope,
            LedgerCodes.Of(state.Status),
            history.Select(e => new ConsentHistoryEntry(
                LedgerCodes.Of(e.Kind), LedgerCodes.Of(e.Source), e.Rule, e.EvidenceMessageId, e.EvidenceText, e.OccurredAt, e.RecordedAt)).ToList(),
            timeZone);
    }
}
