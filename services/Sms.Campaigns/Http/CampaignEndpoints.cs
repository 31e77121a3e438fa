using Microsoft.AspNetCore.Http.HttpResults;
using Sms.Campaigns.Audience;
using Sms.Campaigns.Campaigns;
using Sms.Campaigns.Data;
using Sms.Contracts.Campaigns;
using Sms.ServiceDefaults.Hosting;
using Sms.ServiceDefaults.Numbers;
using Sms.ServiceDefaults.Security;

namespace Sms.Campaigns.Http;

/// <summary>
/// Campaigns over HTTP (README, "Running a campaign"): create and edit a draft, list and read them with their
/// progress, dry-run, launch, pause, resume and cancel, and ask about one recipient. Which action a status allows is
/// <see cref="CampaignLifecycle"/>'s to say: 409 when it does not; the same action twice answers 200 and changes
/// nothing. The bus commands <c>CreateCampaign</c> and <c>ChangeCampaignState</c> do the same. A draft's body is read
/// by <see cref="RequestBodies"/>, not bound: a body the framework cannot decode (a charset such as utf-7, which .NET
/// refuses) or JSON of the wrong shape is a 400 naming the field, never a 500.
/// </summary>
public static class CampaignEndpoints
{
    public const int MaxListed = 200;

    /// <summary>A draft with its prompt is a few kilobytes; anything larger is not one.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapCampaignEndpoints(this IEndpointRouteBuilder app)
    {
        var campaigns = app.MapGroup("/v1/campaigns").RequireScope(ApiScopes.Campaigns);
        campaigns.MapPost("/", CreateAsync).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        campaigns.MapGet("/", ListAsync);
        campaigns.MapGet("/{id:guid}", GetAsync);
        campaigns.MapPut("/{id:guid}", UpdateAsync).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        campaigns.MapPost("/{id:guid}/launch", (Guid id, HttpContext http, CampaignActions actions, CampaignStore store, CancellationToken ct) => ChangeAsync(id, CampaignAction.Launch, http, actions, store, ct));
        campaigns.MapPost("/{id:guid}/pause", (Guid id, HttpContext http, CampaignActions actions, CampaignStore store, CancellationToken ct) => ChangeAsync(id, CampaignAction.Pause, http, actions, store, ct));
        campaigns.MapPost("/{id:guid}/resume", (Guid id, HttpContext http, CampaignActions actions, CampaignStore store, CancellationToken ct) => ChangeAsync(id, CampaignAction.Resume, http, actions, store, ct));
        campaigns.MapPost("/{id:guid}/cancel", (Guid id, HttpContext http, CampaignActions actions, CampaignStore store, CancellationToken ct) => ChangeAsync(id, CampaignAction.Cancel, http, actions, store, ct));
        campaigns.MapPost("/{id:guid}/dry-run", DryRunAsync);
        campaigns.MapGet("/{id:guid}/recipients/{number}", RecipientAsync)
            .WithName("GetCampaignRecipient")
            .WithSummary("One recipient: their state, when they are due in UTC and on their own clock (the zone it was planned in), " +
                "their message id and when it was published, sent, delivered and answered; 404 when the number is not a recipient.");
        return app;
    }

    private static async Task<Results<Created<CampaignView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CampaignStore store, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (request, unreadable) = await RequestBodies.ReadJsonAsync<CampaignRequest>(http.Request, SegmentStore.Json, MaxBodyBytes, cancellationToken);
        if (unreadable is not null) return unreadable;
        var (draft, problems) = CampaignRequestValidator.Validate(request!);
        if (draft is null) return TypedResults.ValidationProblem(problems);
        var id = Guid.CreateVersion7();
        try
        {
            await store.CreateAsync(id, draft, CallerName(http), clock.GetUtcNow(), members: null, cancellationToken);
        }
        catch (SegmentException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["segmentId"] = [e.Message] });
        }
        var campaign = (await store.GetAsync(id, cancellationToken))!;
        return TypedResults.Created($"/v1/campaigns/{id}", CampaignView.Of(campaign, null));
    }

    private static async Task<Ok<CampaignList>> ListAsync(CampaignStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new CampaignList((await store.ListAsync(MaxListed, cancellationToken)).Select(c => CampaignView.Of(c, null)).ToList()));

    private static async Task<Results<Ok<CampaignView>, NotFound>> GetAsync(Guid id, CampaignStore store, CancellationToken cancellationToken)
    {
        var campaign = await store.GetAsync(id, cancellationToken);
        if (campaign is null) return TypedResults.NotFound();
        return TypedResults.Ok(CampaignView.Of(campaign, await store.ProgressAsync(id, cancellationToken)));
    }

    private static async Task<Results<Ok<CampaignView>, ValidationProblem, NotFound, Conflict<ProblemDetailsBody>, ProblemHttpResult>> UpdateAsync(
        Guid id, HttpContext http, CampaignStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (request, unreadable) = await RequestBodies.ReadJsonAsync<CampaignRequest>(http.Request, SegmentStore.Json, MaxBodyBytes, cancellationToken);
        if (unreadable is not null) return unreadable;
        var (draft, problems) = CampaignRequestValidator.Validate(request!);
        if (draft is null) return TypedResults.ValidationProblem(problems);
        if (await store.GetAsync(id, cancellationToken) is not { } before) return TypedResults.NotFound();
        try
        {
            if (!CampaignLifecycle.CanEdit(before.Status) || !await store.UpdateDraftAsync(id, draft, clock.GetUtcNow(), cancellationToken))
                return TypedResults.Conflict(ProblemDetailsBody.NotInStatus("edit", before.Status));
        }
        catch (SegmentException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["segmentId"] = [e.Message] });
        }
        return TypedResults.Ok(CampaignView.Of((await store.GetAsync(id, cancellationToken))!, null));
    }

    private static async Task<Results<Ok<CampaignView>, NotFound, Conflict<ProblemDetailsBody>, ValidationProblem>> ChangeAsync(
        Guid id, CampaignAction action, HttpContext http, CampaignActions actions, CampaignStore store, CancellationToken cancellationToken)
    {
        ActionOutcome outcome;
        Campaign? campaign;
        try
        {
            (outcome, campaign) = await actions.ChangeStateAsync(id, action, CallerName(http), cancellationToken);
        }
        catch (SegmentException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["segmentId"] = [e.Message] });
        }
        return outcome switch
        {
            ActionOutcome.NotFound => TypedResults.NotFound(),
            ActionOutcome.Forbidden => TypedResults.Conflict(ProblemDetailsBody.NotInStatus(action.ToString().ToLowerInvariant(), campaign!.Status)),
            _ => TypedResults.Ok(CampaignView.Of(campaign!, await store.ProgressAsync(id, cancellationToken))),
        };
    }

    private static async Task<Results<Ok<DryRunResult>, NotFound, Conflict<ProblemDetailsBody>, ValidationProblem>> DryRunAsync(
        Guid id, CampaignActions actions, CampaignStore store, CancellationToken cancellationToken)
    {
        try
        {
            var (outcome, result) = await actions.DryRunAsync(id, cancellationToken);
            return outcome switch
            {
                ActionOutcome.NotFound => TypedResults.NotFound(),
                ActionOutcome.Forbidden => TypedResults.Conflict(ProblemDetailsBody.NotInStatus("dry-run", (await store.GetAsync(id, cancellationToken))!.Status)),
                _ => TypedResults.Ok(result!),
            };
        }
        catch (SegmentException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["segmentId"] = [e.Message] });
        }
    }

    /// <summary>The number is read as every number the platform takes (<c>PhoneNumbers.Normalise</c>): with or without the plus, spaced or not.</summary>
    private static async Task<Results<Ok<RecipientDetail>, ValidationProblem, NotFound>> RecipientAsync(
        Guid id, string number, CampaignStore store, CancellationToken cancellationToken)
    {
        if (PhoneNumbers.Normalise(number) is not { } normalised)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["number"] = ["Not a phone number: give it in E.164 form, e.g. +447700900001 (the plus encoded as %2B if your client needs it)."],
            });
        return await store.RecipientAsync(id, normalised, cancellationToken) is { } recipient
            ? TypedResults.Ok(recipient)
            : TypedResults.NotFound();
    }

    private static string CallerName(HttpContext http) => http.User.Identity?.Name ?? "api";
}

/// <summary>Why an action was refused: the campaign's status does not allow it.</summary>
public sealed record ProblemDetailsBody(string Title, string Detail, string Status)
{
    public static ProblemDetailsBody NotInStatus(string action, CampaignStatus status) =>
        new("Not allowed in this status", $"{action}: not allowed while the campaign is {CampaignLifecycle.ToText(status)}", CampaignLifecycle.ToText(status));
}
