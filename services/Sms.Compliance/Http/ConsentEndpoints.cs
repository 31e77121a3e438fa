using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Sms.Compliance.Consent;
using Sms.Compliance.Data;
using Sms.Contracts.Compliance;
using Sms.ServiceDefaults.Hosting;
using Sms.ServiceDefaults.Security;

namespace Sms.Compliance.Http;

/// <summary>
/// The consent API: thin shells around the validators of this folder, the pure import and export of
/// <see cref="ConsentImport"/> and <see cref="ConsentCsvExport"/>, and the ledger. Each declares its answers as typed
/// results, so the OpenAPI document says what it answers.
/// </summary>
public static class ConsentEndpoints
{
    public const string ExpressConsentRule = "api:express-consent";

    /// <summary>Where a contact's time zone came from, as stored with it.</summary>
    private const string TimeZoneSourceApi = "api", TimeZoneSourceOptIn = "opt_in", TimeZoneSourceImport = "import";

    private const int ExportPage = 5_000;

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
    public static WebApplication MapConsentEndpoints(this WebApplication app)
    {
        var consent = app.MapGroup("/v1/consent");
        consent.MapGet("/export", ExportAsync).RequireScope(ApiScopes.ConsentRead).WithName("ExportConsentLedger")
            .Produces<IReadOnlyList<LedgerExportEntry>>(StatusCodes.Status200OK, "application/json", "text/csv");
        // A body too large (413) or cut off is a problem document of its own; the typed results cannot name its status.
        consent.MapPost("/import", ImportAsync).RequireScope(ApiScopes.ConsentWrite).WithName("ImportConsent").ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        consent.MapGet("/{number}", GetConsentAsync).RequireScope(ApiScopes.ConsentRead).WithName("GetConsent");
        consent.MapPost("/{number}/opt-in", OptInAsync).RequireScope(ApiScopes.ConsentWrite).WithName("OptIn").ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        consent.MapPost("/{number}/opt-out", AgentOptOutAsync).RequireScope(ApiScopes.ConsentWrite).WithName("AgentOptOut").ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        consent.MapPut("/{number}/time-zone", SetTimeZoneAsync).RequireScope(ApiScopes.ConsentWrite).WithName("SetContactTimeZone").ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        consent.MapDelete("/{number}/time-zone", ClearTimeZoneAsync).RequireScope(ApiScopes.ConsentWrite).WithName("ClearContactTimeZone");
        return app;
    }

    /// <summary><c>GET /v1/consent/{number}</c>: the number's consent in the scope, and every ledger event behind it.</summary>
    public static async Task<Results<Ok<ConsentView>, ValidationProblem>> GetConsentAsync(
        string number, string? scope, ConsentLedger ledger, ContactTimeZones timeZones, BrandScopes brands, CancellationToken cancellationToken)
    {
        if ((ConsentRequestValidator.Number(number) ?? ConsentRequestValidator.Scope(scope, brands)) is { } refusal) return Refuse(refusal);
        return TypedResults.Ok(await ViewAsync(number, ledger, timeZones, scope ?? brands.DefaultScope, cancellationToken));
    }

    /// <summary>
    /// <c>POST /v1/consent/{number}/opt-in</c>: express consent for marketing, recorded with its evidence and announced
    /// (<see cref="OptInRecorded"/>); the contact's time zone stored too when the request names one.
    /// </summary>
    public static async Task<Results<Ok<ConsentView>, ValidationProblem, ProblemHttpResult>> OptInAsync(
        string number, string? scope, HttpRequest http, ConsentRecorder recorder, ConsentLedger ledger, ContactTimeZones timeZones,
        ContactTimeZoneRecorder timeZoneRecorder, IPublishEndpoint publisher, BrandScopes brands, TimeProvider clock, IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        if ((ConsentRequestValidator.Number(number) ?? ConsentRequestValidator.Scope(scope, brands)) is { } refusal) return Refuse(refusal);
        scope ??= brands.DefaultScope;
        var (request, unreadable) = await RequestBodies.ReadJsonAsync<OptInRequest>(http, json.Value.SerializerOptions, ConsentLimits.MaxRequestBodyBytes, cancellationToken);
        if (unreadable is not null) return unreadable;
        var idempotencyKey = (string?)http.Headers[ConsentRequestValidator.IdempotencyKeyHeader];
        var now = clock.GetUtcNow();
        if (OptInRequestValidator.Validate(request!, idempotencyKey, now, out var zone) is { } invalid) return Refuse(invalid);

        await recorder.RecordAndAnnounceAsync(new ConsentEvent
        {
            Number = number,
            Scope = scope,
            Kind = ConsentKind.OptIn,
            Source = ConsentSource.Api,
            Rule = ExpressConsentRule,
            EvidenceMessageId = request!.EvidenceMessageId,
            EvidenceText = request.Evidence,
            OccurredAt = request.OccurredAt ?? now,
            Purposes = Purposes(request.Purposes),
        }, ConsentRequestValidator.IdempotencyKey(idempotencyKey).Key ?? Guid.NewGuid(), publisher, cancellationToken);
        // Set again on a repeated request too: it asks for the same zone, and an earlier attempt may have stopped before it.
        if (zone is not null) await timeZoneRecorder.SetAsync(number, zone, TimeZoneSourceOptIn, publisher, cancellationToken);
        return TypedResults.Ok(await ViewAsync(number, ledger, timeZones, scope, cancellationToken));
    }

    /// <summary><c>POST /v1/consent/{number}/opt-out</c>: an agent's opt-out, recorded and announced (<see cref="OptOutRecorded"/>).</summary>
    public static async Task<Results<Ok<ConsentView>, ValidationProblem, ProblemHttpResult>> AgentOptOutAsync(
        string number, string? scope, HttpRequest http, ConsentRecorder recorder, ConsentLedger ledger, ContactTimeZones timeZones,
        IPublishEndpoint publisher, BrandScopes brands, TimeProvider clock, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        if ((ConsentRequestValidator.Number(number) ?? ConsentRequestValidator.Scope(scope, brands)) is { } refusal) return Refuse(refusal);
        scope ??= brands.DefaultScope;
        var (request, unreadable) = await RequestBodies.ReadJsonAsync<AgentOptOutRequest>(http, json.Value.SerializerOptions, ConsentLimits.MaxRequestBodyBytes, cancellationToken);
        if (unreadable is not null) return unreadable;
        var idempotencyKey = (string?)http.Headers[ConsentRequestValidator.IdempotencyKeyHeader];
        if (AgentOptOutRequestValidator.Validate(number, request!, idempotencyKey) is { } invalid) return Refuse(invalid);

        await recorder.RecordAndAnnounceAsync(
            AgentOptOuts.Event(number, scope, request!.Agent!, request.Reason, request.EvidenceMessageId, clock.GetUtcNow())
                with { Purposes = Purposes(request.Purposes) },
            ConsentRequestValidator.IdempotencyKey(idempotencyKey).Key ?? Guid.NewGuid(), publisher, cancellationToken);
        return TypedResults.Ok(await ViewAsync(number, ledger, timeZones, scope, cancellationToken));
    }

    /// <summary>
    /// <c>PUT /v1/consent/{number}/time-zone</c>, body <c>{"timeZone":"America/Los_Angeles"}</c>: the contact's own time
    /// zone, which quiet hours use instead of the zones of the number. An attribute of the contact, for every brand;
    /// announced (<see cref="ContactTimeZoneChanged"/>).
    /// </summary>
    public static async Task<Results<Ok<TimeZoneView>, ValidationProblem, ProblemHttpResult>> SetTimeZoneAsync(
        string number, HttpRequest http, ContactTimeZoneRecorder timeZones, IPublishEndpoint publisher, IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        if (ConsentRequestValidator.Number(number) is { } refusal) return Refuse(refusal);
        var (request, unreadable) = await RequestBodies.ReadJsonAsync<TimeZoneRequest>(http, json.Value.SerializerOptions, ConsentLimits.MaxRequestBodyBytes, cancellationToken);
        if (unreadable is not null) return unreadable;
        if (TimeZoneRequestValidator.Validate(request!, out var zone) is { } invalid) return Refuse(invalid);
        await timeZones.SetAsync(number, zone!, TimeZoneSourceApi, publisher, cancellationToken);
        return TypedResults.Ok(new TimeZoneView(number, zone!.Id));
    }

    /// <summary><c>DELETE /v1/consent/{number}/time-zone</c>: quiet hours go back to the zones of the number, announced (<see cref="ContactTimeZoneChanged"/>). 204, or 404 when none was set.</summary>
    public static async Task<Results<NoContent, NotFound, ValidationProblem>> ClearTimeZoneAsync(
        string number, ContactTimeZoneRecorder timeZones, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        if (ConsentRequestValidator.Number(number) is { } refusal) return Refuse(refusal);
        return await timeZones.ClearAsync(number, publisher, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    /// <summary>
    /// <c>POST /v1/consent/import</c>, body CSV (see <see cref="ConsentCsv"/>). Good rows are applied, bad rows are
    /// listed with their line numbers; a row imported before (same number, kind, time or no time, and evidence) adds nothing. Each
    /// row applied is announced (<see cref="OptOutRecorded"/>, <see cref="OptInRecorded"/>) after the decision cache
    /// dropped the number's state, so an imported opt-out holds for the next send before the response is sent.
    /// </summary>
    public static async Task<Results<Ok<ImportResult>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        HttpRequest http, string? scope, ConsentRecorder recorder, ContactTimeZoneRecorder timeZones, IPublishEndpoint publisher, BrandScopes brands,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (ConsentRequestValidator.Scope(scope, brands) is { } refusal) return Refuse(refusal);
        scope ??= brands.DefaultScope;
        // Counted as read, not only as announced: a chunked body has no Content-Length.
        var (body, unreadable) = await RequestBodies.ReadAsync(http, ConsentLimits.MaxImportBytes, cancellationToken);
        if (unreadable is not null) return unreadable;

        // Bytes that are not UTF-8 become U+FFFD: a row is then refused or kept for what it says, never the whole file for it.
        var parsed = ConsentCsv.Parse(Encoding.UTF8.GetString(body!));
        if (ConsentImportValidator.Validate(parsed) is { } invalid) return Refuse(invalid);

        var plan = ConsentImport.Plan(parsed, scope, clock.GetUtcNow());
        int applied = 0, already = 0;
        foreach (var consent in plan.Consents)
        {
            var recording = await recorder.RecordAndAnnounceAsync(consent.Event, consent.Cause, publisher, cancellationToken);
            if (!recording.IsNew)
            {
                already++;
                continue;
            }
            applied++;
            if (consent.Row.TimeZone is not null && ContactTimeZone.TryParse(consent.Row.TimeZone, out var zone, out _))
                await timeZones.SetAsync(consent.Row.Number, zone, TimeZoneSourceImport, publisher, cancellationToken);
        }
        return TypedResults.Ok(new ImportResult(parsed.Rows.Count + parsed.Errors.Count, applied, already, plan.Errors));
    }

    /// <summary><c>GET /v1/consent/export?format=csv|json</c>: every event of the scope, oldest first (by id), streamed page by page.</summary>
    public static Results<PushStreamHttpResult, ValidationProblem> ExportAsync(
        HttpContext http, string? scope, ConsentLedger ledger, BrandScopes brands, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        if (ConsentRequestValidator.Scope(scope, brands) is { } refusal) return Refuse(refusal);
        if (ConsentRequestValidator.ExportFormat(http.Request.Query["format"], out var normalized) is { } invalid) return Refuse(invalid);
        var exportScope = scope ?? brands.DefaultScope;
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"consent-ledger-{exportScope}.{normalized}\"";
        return TypedResults.Stream(
            body => WriteExportAsync(body, exportScope, normalized == "csv", ledger, json.Value.SerializerOptions, cancellationToken),
            normalized == "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8");
    }

    private static async Task WriteExportAsync(
        Stream body, string scope, bool csv, ConsentLedger ledger, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false));
        await writer.WriteAsync(csv ? ConsentCsvExport.Header : "[");
        var first = true;
        long sinceId = 0;
        while (true)
        {
            var page = await ledger.ExportAsync(scope, sinceId, ExportPage, cancellationToken);
            foreach (var e in page)
            {
                if (csv)
                {
                    await writer.WriteAsync(ConsentCsvExport.Line(e));
                }
                else
                {
                    await writer.WriteAsync((first ? "" : ",") + JsonSerializer.Serialize(LedgerExportEntry.From(e), json));
                    first = false;
                }
            }
            if (page.Count < ExportPage) break;
            sinceId = page[^1].Id;
            await writer.FlushAsync(cancellationToken);
        }
        if (!csv) await writer.WriteAsync("]");
    }

    private static ValidationProblem Refuse(ValidationRefusal refusal) => TypedResults.ValidationProblem(refusal.Errors, title: refusal.Title);

    private static async Task<ConsentView> ViewAsync(
        string number, ConsentLedger ledger, ContactTimeZones timeZones, string scope, CancellationToken cancellationToken)
    {
        var history = await ledger.GetHistoryAsync(number, scope, cancellationToken);
        var timeZone = await timeZones.GetIdAsync(number, cancellationToken);
        // The state as a send decision reads it (each purpose's latest event, a pending review).
        var state = await ledger.GetStateAsync(number, scope, cancellationToken);
        return new ConsentView(number, scope, LedgerCodes.Of(state.Overall), history.Select(ConsentHistoryEntry.From).ToList(), timeZone,
            ConsentPurposesView.From(state), state.ReviewPending);
    }

    /// <summary>The purposes a validated request names; every purpose when it names none.</summary>
    private static IReadOnlyList<ConsentPurpose> Purposes(string[]? codes)
    {
        ConsentRequestValidator.PurposesProblem(codes, out var purposes);
        return purposes;
    }
}
