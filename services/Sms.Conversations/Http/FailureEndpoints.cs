using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sms.Conversations.Data;
using Sms.Conversations.Failures;
using Sms.ServiceDefaults.Security;

namespace Sms.Conversations.Http;

/// <summary>
/// The operator view of everything that failed (admins only; README, "Failed messages"): the services' <c>_error</c>
/// queues and the sends that ended failed, grouped by cause, with replay and discard.
/// </summary>
public static class FailureEndpoints
{
    private const int ActionsListed = 200;

    public static IEndpointRouteBuilder MapFailureEndpoints(this IEndpointRouteBuilder app)
    {
        var failures = app.MapGroup("/v1/failures").WithTags("Failures").RequireScope(ApiScopes.InboxAdmin);
        failures.MapGet("", ListGroupsAsync)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("Open failures grouped by cause (exception type and message shape; carrier error code), each group with its count, how many failed again after a replay, first and last seen, and a sample with phone numbers masked.");
        failures.MapGet("/items", ListItemsAsync)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("The open failures one by one, of one group when ?group= names its key; the ids replay and discard take.");
        failures.MapPost("/replay", ReplayAsync)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("Replays failures: named ids, a group, or all. A message goes back to its input queue unchanged (same message id); a failed send is published again as the same SendSms, through Compliance and Outbound's send claim, so it never reaches the customer twice. A group or all leave out failures that failed again after a replay.");
        failures.MapPost("/discard", DiscardAsync)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("Discards failures (named ids, a group, or all) with a reason, recorded with who and when.");
        failures.MapGet("/actions", ListActionsAsync)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary($"Every replay and discard, newest first (the last {ActionsListed}), of one item when ?item= names it.");
        return app;
    }

    private static async Task<Ok<FailureGroupsView>> ListGroupsAsync([FromServices] FailureStore store, CancellationToken cancellationToken)
    {
        var items = await store.ListOpenAsync(cancellationToken);
        return TypedResults.Ok(new FailureGroupsView(items.Count, FailureGroups.Group(items)));
    }

    private static async Task<Ok<List<FailureItem>>> ListItemsAsync(
        [FromQuery] string? group, [FromServices] FailureStore store, CancellationToken cancellationToken)
    {
        var items = await store.ListOpenAsync(cancellationToken);
        return TypedResults.Ok(items
            .Where(i => string.IsNullOrEmpty(group) || FailureGroups.KeyOf(i.Kind, i.Cause) == group)
            .OrderByDescending(i => i.LastSeen).ToList());
    }

    private static async Task<Results<Ok<FailureActionResult>, ValidationProblem>> ReplayAsync(
        [FromBody] FailureActionRequest? request, ClaimsPrincipal user, [FromServices] FailureActions actions, CancellationToken cancellationToken)
    {
        var errors = FailureActionRequestValidator.Validate(request, discard: false);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The replay is not valid");
        return TypedResults.Ok(await actions.ReplayAsync(request!.Selection, user.UserName(), cancellationToken));
    }

    private static async Task<Results<Ok<FailureActionResult>, ValidationProblem>> DiscardAsync(
        [FromBody] FailureActionRequest? request, ClaimsPrincipal user, [FromServices] FailureActions actions, CancellationToken cancellationToken)
    {
        var errors = FailureActionRequestValidator.Validate(request, discard: true);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The discard is not valid");
        return TypedResults.Ok(await actions.DiscardAsync(request!.Selection, user.UserName(), request.Reason!.Trim(), cancellationToken));
    }

    /// <summary>An item id longer than this names no item (ids are a queue name and a message id).</summary>
    private const int ItemIdLength = 400;

    private static async Task<Results<Ok<IReadOnlyList<FailureActionRow>>, ValidationProblem>> ListActionsAsync(
        [FromQuery] string? item, [FromServices] FailureStore store, CancellationToken cancellationToken)
    {
        // Checked before the database sees it: PostgreSQL refuses a NUL in text, which would otherwise be a 500.
        var errors = new Dictionary<string, string[]>();
        InputLimits.CheckText(errors, "item", item, ItemIdLength);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await store.ListActionsAsync(string.IsNullOrEmpty(item) ? null : item, ActionsListed, cancellationToken));
    }
}
