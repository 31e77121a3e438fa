using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sms.Conversations.Data;
using Sms.Conversations.Webhooks;
using Sms.ServiceDefaults.Security;

namespace Sms.Conversations.Http;

/// <summary>
/// Outgoing webhooks (README, "Webhooks"): subscriptions managed by admins, each subscription's delivery log, and the
/// replay of one delivery. Admins only, as the inbox's other admin endpoints.
/// </summary>
public static class WebhookEndpoints
{
    /// <summary>Deliveries per page of the log at most.</summary>
    public const int PageLimit = 100;

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("/v1/webhooks").WithTags("Webhooks").RequireScope(ApiScopes.InboxAdmin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        hooks.MapGet("/event-types", () => TypedResults.Ok(WebhookEventTypes.All))
            .WithSummary("The event types a subscription may ask for.");
        hooks.MapGet("", ListAsync)
            .WithSummary("Every webhook subscription (admins only), without secrets; a disabled one says why.");
        hooks.MapPost("", CreateAsync)
            .WithSummary("Creates a subscription (admins only): 201 with its signing secret, shown this once. 400 naming the field for a wrong URL or event type.");
        hooks.MapGet("/{id:guid}", GetAsync)
            .WithSummary("One subscription (admins only); 404 when there is none.");
        hooks.MapPut("/{id:guid}", UpdateAsync)
            .WithSummary("Changes a subscription's URL, event types and description, and switches it on or off (admins only). On again, its waiting deliveries go out.");
        hooks.MapDelete("/{id:guid}", DeleteAsync)
            .WithSummary("Deletes a subscription with its deliveries and their log (admins only).");
        hooks.MapGet("/{id:guid}/deliveries", DeliveriesAsync)
            .WithSummary($"The subscription's deliveries, newest first, each with every attempt (time, status code, latency, error); ?before=<id> pages, ?limit= up to {PageLimit} (admins only).");
        hooks.MapPost("/{id:guid}/deliveries/{deliveryId:long}/replay", ReplayAsync)
            .WithSummary("Queues one delivery again, due now, with the same event id and payload (admins only): 202; 404 when the subscription has no such delivery.");
        return app;
    }

    private static async Task<Ok<List<WebhookSubscriptionView>>> ListAsync([FromServices] WebhookStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(cancellationToken)).Select(WebhookSubscriptionView.Of).ToList());

    private static async Task<Results<Created<WebhookSubscriptionCreated>, ValidationProblem>> CreateAsync(
        [FromBody] WebhookSubscriptionRequest? request, ClaimsPrincipal user, [FromServices] WebhookStore store, [FromServices] TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = WebhookSubscriptionValidator.Validate(request);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The webhook subscription is not valid");
        var row = await store.CreateAsync(request!.Url!, request.EventTypes!, NullIfBlank(request.Description), user.UserName(), time.GetUtcNow(), cancellationToken);
        return TypedResults.Created($"/v1/webhooks/{row.Id}", new WebhookSubscriptionCreated(WebhookSubscriptionView.Of(row), row.Secret));
    }

    private static async Task<Results<Ok<WebhookSubscriptionView>, NotFound>> GetAsync(
        Guid id, [FromServices] WebhookStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } row ? TypedResults.Ok(WebhookSubscriptionView.Of(row)) : TypedResults.NotFound();

    private static async Task<Results<Ok<WebhookSubscriptionView>, ValidationProblem, NotFound>> UpdateAsync(
        Guid id, [FromBody] WebhookSubscriptionRequest? request, [FromServices] WebhookStore store, [FromServices] TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = WebhookSubscriptionValidator.Validate(request);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The webhook subscription is not valid");
        return await store.UpdateAsync(id, request!.Url!, request.EventTypes!, NullIfBlank(request.Description), request.Enabled, time.GetUtcNow(), cancellationToken) is { } row
            ? TypedResults.Ok(WebhookSubscriptionView.Of(row))
            : TypedResults.NotFound();
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid id, [FromServices] WebhookStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Ok<WebhookDeliveryPage>, ValidationProblem, NotFound>> DeliveriesAsync(
        Guid id, [FromQuery] long? before, [FromQuery] int? limit, [FromServices] WebhookStore store, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > PageLimit)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"From 1 to {PageLimit}."] });
        if (await store.GetAsync(id, cancellationToken) is null)
            return TypedResults.NotFound();
        var take = limit ?? 50;
        var rows = await store.DeliveriesAsync(id, before, take, cancellationToken);
        return TypedResults.Ok(new WebhookDeliveryPage(rows.Select(WebhookDeliveryView.Of).ToList(), rows.Count == take ? rows[^1].Id : null));
    }

    private static async Task<Results<Accepted, NotFound>> ReplayAsync(
        Guid id, long deliveryId, [FromServices] WebhookStore store, [FromServices] TimeProvider time, CancellationToken cancellationToken) =>
        await store.ReplayAsync(id, deliveryId, time.GetUtcNow(), cancellationToken)
            ? TypedResults.Accepted($"/v1/webhooks/{id}/deliveries")
            : TypedResults.NotFound();

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
