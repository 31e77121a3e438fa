using System.Security.Claims;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sms.Conversations.ApiClients;
using Sms.Conversations.Background;
using Sms.Conversations.Data;
using Sms.ServiceDefaults.Security;

namespace Sms.Conversations.Http;

/// <summary>
/// The API clients, managed by inbox admins (scope <c>inbox:admin</c>): create one (its key is in the answer, once,
/// and never stored), list them with their scopes and last use, revoke one. Each change publishes the list at once,
/// so every instance of every service holds it within the broker's delivery time (README, "API clients and scopes").
/// </summary>
public static class ApiClientEndpoints
{
    public const string Path = "/v1/api-clients";

    public static IEndpointRouteBuilder MapApiClientEndpoints(this IEndpointRouteBuilder app)
    {
        var clients = app.MapGroup(Path).WithTags("API clients");
        clients.MapGet("", ListAsync).RequireScope(ApiScopes.InboxAdmin)
            .WithSummary("Every API client, revoked ones too, oldest first: name, scopes, created (when, by whom), last used, revoked (when, by whom). Never a secret.");
        clients.MapPost("", CreateAsync).RequireScope(ApiScopes.InboxAdmin)
            .WithSummary($"Creates a client with a name and scopes ({string.Join(", ", ApiScopes.All)}): 201 with its key, 'sk_<id>_<secret>', shown this once. Only a hash of the secret is kept.");
        clients.MapDelete("/{id:guid}", RevokeAsync).RequireScope(ApiScopes.InboxAdmin)
            .WithSummary("Revokes a client: its key is refused by every service within seconds. 404 for an unknown id; revoking twice keeps the first revocation.");
        return app;
    }

    private static async Task<Ok<List<ApiClientResponse>>> ListAsync([FromServices] ApiClientStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(cancellationToken)).Select(ApiClientResponse.Of).ToList());

    private static async Task<Results<Created<CreatedApiClient>, ValidationProblem>> CreateAsync(
        [FromBody] CreateApiClientRequest? request, ClaimsPrincipal user, [FromServices] ApiClientStore store,
        [FromServices] ApiClientsPublisher publisher, [FromServices] IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        var errors = ApiClientRequestValidator.Validate(request);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var (id, key, secretHash) = ApiClientKey.Create();
        var row = await store.CreateAsync(id, request!.Name!.Trim(), request.Scopes!, secretHash, user.UserName(), cancellationToken);
        await publisher.PublishNowAsync(bus, cancellationToken);
        return TypedResults.Created($"{Path}/{id}", new CreatedApiClient(ApiClientResponse.Of(row), key));
    }

    private static async Task<Results<Ok<ApiClientResponse>, ProblemHttpResult>> RevokeAsync(
        Guid id, ClaimsPrincipal user, [FromServices] ApiClientStore store, [FromServices] ApiClientsPublisher publisher,
        [FromServices] IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        if (await store.RevokeAsync(id, user.UserName(), cancellationToken) is not { } row)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such API client");
        await publisher.PublishNowAsync(bus, cancellationToken);
        return TypedResults.Ok(ApiClientResponse.Of(row));
    }
}

/// <summary>An API client as listed: everything but its secret's hash.</summary>
public sealed record ApiClientResponse(
    Guid Id, string Name, IReadOnlyList<string> Scopes, DateTime CreatedAt, string CreatedBy, DateTime? LastUsedAt,
    DateTime? RevokedAt, string? RevokedBy)
{
    public static ApiClientResponse Of(ApiClientRow row) =>
        new(row.Id, row.Name, row.Scopes, row.CreatedAt, row.CreatedBy, row.LastUsedAt, row.RevokedAt, row.RevokedBy);
}

/// <summary>A new client and its key: the one time the key is shown.</summary>
public sealed record CreatedApiClient(ApiClientResponse Client, string Key);
