using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Sms.Campaigns.Audience;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.ServiceDefaults.Hosting;
using Sms.ServiceDefaults.Security;

namespace Sms.Campaigns.Http;

/// <summary>A segment to save: its name and conditions (<see cref="SegmentDefinition"/>).</summary>
public sealed record SegmentRequest
{
    public string? Name { get; init; }

    public SegmentDefinition? Definition { get; init; }
}

/// <summary>Conditions to preview before saving them.</summary>
public sealed record SegmentPreviewRequest
{
    public SegmentDefinition? Definition { get; init; }
}

/// <summary>
/// Saved segments and their live preview (issue 17), all with the campaigns scope. Thin: validation is
/// <see cref="SegmentValidator"/>, the query <see cref="SegmentSql"/> through <see cref="SegmentStore"/>.
/// <list type="bullet">
/// <item><c>POST /v1/segments</c> <c>{name, definition}</c>, <c>GET /v1/segments</c>; <c>GET</c>, <c>PUT</c>,
/// <c>DELETE /v1/segments/{id}</c> (409 while a campaign uses it or another segment excludes it).</item>
/// <item><c>POST /v1/segments/preview</c> <c>{definition}</c> and <c>GET /v1/segments/{id}/preview</c>: how many
/// contacts it selects now and ten of them, numbers masked.</item>
/// </list>
/// </summary>
public static class SegmentEndpoints
{
    /// <summary>A segment's conditions are small; anything larger is not one.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static WebApplication MapSegmentEndpoints(this WebApplication app)
    {
        var segments = app.MapGroup("/v1/segments").WithTags("Segments").RequireScope(ApiScopes.Campaigns);
        segments.MapPost("/", CreateAsync).WithName("CreateSegment").ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        segments.MapGet("/", ListAsync).WithName("ListSegments");
        segments.MapPost("/preview", PreviewAsync).WithName("PreviewSegment").ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        segments.MapGet("/{id:guid}", GetAsync).WithName("GetSegment");
        segments.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateSegment").ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        segments.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteSegment");
        segments.MapGet("/{id:guid}/preview", PreviewSavedAsync).WithName("PreviewSavedSegment");
        return app;
    }

    public static async Task<Results<Created<SavedSegment>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest http, ClaimsPrincipal user, SegmentStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (request, unreadable) = await RequestBodies.ReadJsonAsync<SegmentRequest>(http, SegmentStore.Json, MaxBodyBytes, cancellationToken);
        if (unreadable is not null) return unreadable;
        var saved = await store.DefinitionsAsync(cancellationToken);
        var errors = SegmentValidator.Validate(request!.Name, request.Definition, id: null, saved, nameRequired: true);
        if (errors.Count > 0) return Invalid(errors);
        var segment = await store.CreateAsync(request.Name!.Trim(), request.Definition!, user.Identity?.Name ?? ApiKeyAuthenticationHandler.UserName,
            clock.GetUtcNow(), cancellationToken);
        return TypedResults.Created($"/v1/segments/{segment.Id}", segment);
    }

    public static async Task<Ok<IReadOnlyList<SavedSegment>>> ListAsync(SegmentStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    public static async Task<Results<Ok<SavedSegment>, NotFound>> GetAsync(Guid id, SegmentStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } segment ? TypedResults.Ok(segment) : TypedResults.NotFound();

    public static async Task<Results<Ok<SavedSegment>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, HttpRequest http, SegmentStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (request, unreadable) = await RequestBodies.ReadJsonAsync<SegmentRequest>(http, SegmentStore.Json, MaxBodyBytes, cancellationToken);
        if (unreadable is not null) return unreadable;
        var saved = await store.DefinitionsAsync(cancellationToken);
        if (!saved.ContainsKey(id)) return TypedResults.NotFound();
        var errors = SegmentValidator.Validate(request!.Name, request.Definition, id, saved, nameRequired: true);
        if (errors.Count > 0) return Invalid(errors);
        return await store.UpdateAsync(id, request.Name!.Trim(), request.Definition!, clock.GetUtcNow(), cancellationToken) is { } segment
            ? TypedResults.Ok(segment)
            : TypedResults.NotFound();
    }

    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(Guid id, SegmentStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(id, cancellationToken) switch
        {
            SegmentDeletion.Deleted => TypedResults.NoContent(),
            SegmentDeletion.InUse => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Segment in use",
                detail: "A campaign chose its recipients by this segment, or another segment excludes it; it stays."),
            _ => TypedResults.NotFound(),
        };

    public static async Task<Results<Ok<SegmentPreview>, ValidationProblem, ProblemHttpResult>> PreviewAsync(
        HttpRequest http, SegmentStore store, IOptions<CampaignsOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (request, unreadable) = await RequestBodies.ReadJsonAsync<SegmentPreviewRequest>(http, SegmentStore.Json, MaxBodyBytes, cancellationToken);
        if (unreadable is not null) return unreadable;
        var saved = await store.DefinitionsAsync(cancellationToken);
        var errors = SegmentValidator.Validate(name: null, request!.Definition, id: null, saved, nameRequired: false);
        if (errors.Count > 0) return Invalid(errors);
        return await PreviewOrRefuseAsync(request.Definition!, saved, store, options.Value, clock, cancellationToken);
    }

    public static async Task<Results<Ok<SegmentPreview>, NotFound, ValidationProblem>> PreviewSavedAsync(
        Guid id, SegmentStore store, IOptions<CampaignsOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var saved = await store.DefinitionsAsync(cancellationToken);
        if (!saved.TryGetValue(id, out var definition)) return TypedResults.NotFound();
        try
        {
            return TypedResults.Ok(await store.PreviewAsync(definition, saved, options.Value.DefaultScope, clock.GetUtcNow(), cancellationToken));
        }
        catch (SegmentException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["definition"] = [e.Message] }, title: "The segment cannot be previewed");
        }
    }

    private static async Task<Results<Ok<SegmentPreview>, ValidationProblem, ProblemHttpResult>> PreviewOrRefuseAsync(
        SegmentDefinition definition, IReadOnlyDictionary<Guid, SegmentDefinition> saved, SegmentStore store, CampaignsOptions options,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await store.PreviewAsync(definition, saved, options.DefaultScope, clock.GetUtcNow(), cancellationToken));
        }
        catch (SegmentException e)
        {
            return Invalid(new Dictionary<string, string[]> { ["definition"] = [e.Message] });
        }
    }

    private static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The segment is not valid");
}
