using System.Security.Claims;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sms.Contracts.Compliance;
using Sms.Conversations.Agents;
using Sms.Conversations.Data;
using Sms.Conversations.Threads;
using Sms.ServiceDefaults.Messaging;
using Sms.ServiceDefaults.Messaging.Watchdog;
using Sms.ServiceDefaults.Security;

namespace Sms.Conversations.Http;

/// <summary>
/// The consent review queue (README, "Consent reviews in the inbox"): messages Compliance read as maybe a request to
/// stop, for an agent to confirm (opt the number out) or dismiss (release the marketing held meanwhile), and to undo
/// either. A decision goes to Compliance as <see cref="DecideConsentReview"/> with the agent's user name as evidence;
/// the review shows it once Compliance's <see cref="ConsentReviewDecided"/> arrives.
/// </summary>
public static class ConsentReviewEndpoints
{
    public static IEndpointRouteBuilder MapConsentReviewEndpoints(this IEndpointRouteBuilder app)
    {
        var reviews = app.MapGroup("/v1/consent-reviews").WithTags("Consent reviews")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        reviews.MapGet("", ListAsync).RequireScope(ApiScopes.InboxRead).Produces<ConsentReviewPage>().ProducesValidationProblem()
            .WithSummary("Reviews by status: pending (the default; oldest first), confirmed, dismissed, decided (both; latest decision first) or all; with the customer's message and how many are pending.");
        reviews.MapGet("/{id:guid}", DetailAsync).RequireScope(ApiScopes.InboxRead).Produces<ConsentReviewDetail>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A review with the customer's message and every decision about it (who, what, when, applied or not), oldest first.");
        reviews.MapPost("/{id:guid}/confirm", (Guid id, ClaimsPrincipal user, HttpContext context, ConsentReviewStore store, IPublishEndpoint bus, BusActivity activity, TimeProvider time, CancellationToken ct) =>
                DecideAsync(id, ConsentReviewDecision.Confirm, user, context, store, bus, activity, time, ct))
            .RequireScope(ApiScopes.InboxWrite)
            .ProducesDecision()
            .WithSummary("It is a request to stop: Compliance opts the number out of the brand and confirms it to the customer. 202 with the request id; the review shows the decision once Compliance has made it.");
        reviews.MapPost("/{id:guid}/dismiss", (Guid id, ClaimsPrincipal user, HttpContext context, ConsentReviewStore store, IPublishEndpoint bus, BusActivity activity, TimeProvider time, CancellationToken ct) =>
                DecideAsync(id, ConsentReviewDecision.Dismiss, user, context, store, bus, activity, time, ct))
            .RequireScope(ApiScopes.InboxWrite)
            .ProducesDecision()
            .WithSummary("It is not a request to stop: the marketing Compliance held for the number goes out. 202 with the request id.");
        reviews.MapPost("/{id:guid}/undo", (Guid id, ClaimsPrincipal user, HttpContext context, ConsentReviewStore store, IPublishEndpoint bus, BusActivity activity, TimeProvider time, CancellationToken ct) =>
                DecideAsync(id, ConsentReviewDecision.Undo, user, context, store, bus, activity, time, ct))
            .RequireScope(ApiScopes.InboxWrite)
            .ProducesDecision()
            .WithSummary("Takes back the last decision: the review waits again, and an opt-out it confirmed is reverted. 202 with the request id; recorded like any decision.");
        return app;
    }

    /// <summary>What a decision answers: 202, 400 (the Idempotency-Key) or 404 (a review the inbox does not know).</summary>
    private static RouteHandlerBuilder ProducesDecision(this RouteHandlerBuilder builder) =>
        builder.Produces<ConsentReviewDecisionAccepted>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<ConsentReviewPage>, ValidationProblem>> ListAsync(
        [FromQuery] string? status, [FromQuery] string? limit, [FromServices] ConsentReviewStore store, CancellationToken cancellationToken)
    {
        if (!ConsentReviewListQueryValidator.TryParse(status, limit, out var query, out var errors))
            return TypedResults.ValidationProblem(errors, title: "The query is not valid");
        var rows = await store.ListAsync(query.Statuses, query.Limit, cancellationToken);
        var pending = await store.PendingCountAsync(cancellationToken);
        return TypedResults.Ok(new ConsentReviewPage(rows.Select(Review).ToList(), pending));
    }

    private static async Task<Results<Ok<ConsentReviewDetail>, ProblemHttpResult>> DetailAsync(
        Guid id, [FromServices] ConsentReviewStore store, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } row)
            return NotFound();
        var history = await store.HistoryAsync(id, cancellationToken);
        return TypedResults.Ok(new ConsentReviewDetail(Review(row),
            history.Select(d => new ConsentReviewDecisionEntry(d.RequestId, d.Decision, d.Status, d.Applied, d.DecidedBy, AsUtc(d.DecidedAt))).ToList()));
    }

    /// <summary>
    /// Publishes the agent's decision to Compliance, which decides whether it applies. The same Idempotency-Key (per
    /// review and decision) gives the same request id, so a retried click decides once.
    /// </summary>
    private static async Task<Results<Accepted<ConsentReviewDecisionAccepted>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        Guid id, ConsentReviewDecision decision, ClaimsPrincipal user, HttpContext context,
        ConsentReviewStore store, IPublishEndpoint bus, BusActivity activity, TimeProvider time, CancellationToken cancellationToken)
    {
        var idempotencyKey = context.Request.Headers[InboxEndpoints.IdempotencyKeyHeader].ToString();
        var errors = ConsentReviewDecisionValidator.Validate(idempotencyKey);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The decision is not valid");
        if (await store.GetAsync(id, cancellationToken) is null)
            return NotFound();

        var command = new DecideConsentReview
        {
            RequestId = idempotencyKey.Length > 0
                ? MessageIds.Derive(id, $"consent-review:{StoredNames.Of(decision)}:{idempotencyKey}")
                : Guid.NewGuid(),
            ReviewId = id,
            Decision = decision,
            DecidedBy = user.UserName(),
            DecidedAt = time.GetUtcNow(),
        };
        await activity.TrackPublishAsync(bus, command, cancellationToken);
        return TypedResults.Accepted($"/v1/consent-reviews/{id}", new ConsentReviewDecisionAccepted(command.RequestId));
    }

    internal static ConsentReview Review(ConsentReviewRow r) => new(
        r.ReviewId, r.Number, r.ContactName, r.Scope, r.BusinessNumber, r.InboundMessageId, r.ConversationId, r.Text, r.Score,
        r.Language, r.Rule, AsUtc(r.RequestedAt), r.Status, r.LastDecision, r.DecidedBy, r.DecidedAt is { } at ? AsUtc(at) : null);

    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such consent review");

    private static DateTimeOffset AsUtc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
