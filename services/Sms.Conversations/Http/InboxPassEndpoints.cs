using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Sms.Conversations.Agents;
using Sms.Conversations.Extensions;
using Sms.ServiceDefaults.Security;

namespace Sms.Conversations.Http;

/// <summary>
/// <c>POST /v1/inbox/passes</c>: a signed-in agent asks for a short-lived <see cref="InboxPass"/> to call another
/// service (Campaigns) straight from the page; <see cref="InboxPassGrant"/> decides. Conversations vouches for the agent
/// and never relays the calls (README, "The Campaigns page").
/// </summary>
public static class InboxPassEndpoints
{
    public static IEndpointRouteBuilder MapInboxPassEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/inbox/passes", IssueAsync).RequireScope(ApiScopes.InboxRead).WithTags("Authentication")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A pass for the signed-in agent to call another service ({\"service\":\"campaigns\"}) for five minutes: {token, expiresAt, url}. 403 for a caller with a key instead of a session, or an agent whose role lacks the service's scope; 404 for a service this inbox does not open.");
        return app;
    }

    private static Results<Ok<InboxPassView>, ProblemHttpResult> IssueAsync(
        InboxPassRequest? request, ClaimsPrincipal user, [FromServices] IOptionsMonitor<InboxPassOptions> options,
        [FromServices] TimeProvider clock, [FromServices] ILoggerFactory loggers)
    {
        if (user.Identity?.AuthenticationType != InboxAuthentication.CookieScheme)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Passes are for signed-in agents",
                detail: "An API client calls the other services with its own key.");
        }
        var settings = options.CurrentValue;
        var scopes = user.FindAll(ApiScopes.ClaimType).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        switch (InboxPassGrant.Decide(request?.Service, settings.Services, settings.PassKey, scopes))
        {
            case PassDecision.NotFound notFound:
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such service", detail: notFound.Reason);
            case PassDecision.Forbidden forbidden:
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: forbidden.Reason);
            case PassDecision.Granted granted:
                var username = user.UserName();
                var expiresAt = clock.GetUtcNow() + InboxPass.Lifetime;
                var token = InboxPass.Issue(
                    new InboxPassClaims(username, user.FindFirstValue(InboxAuthentication.DisplayNameClaim) ?? username, granted.Scopes, granted.Audience, expiresAt),
                    settings.PassKey!);
                loggers.CreateLogger(typeof(InboxPassEndpoints)).PassIssued(username, granted.Audience);
                return TypedResults.Ok(new InboxPassView(token, expiresAt, granted.Url));
            default:
                throw new InvalidOperationException("Unknown pass decision.");
        }
    }
}

/// <summary>The service a pass is asked for (<c>campaigns</c>).</summary>
public sealed record InboxPassRequest(string? Service);

/// <summary>The pass (<c>Authorization: Bearer &lt;token&gt;</c>), when it stops working, and where the service is.</summary>
public sealed record InboxPassView(string Token, DateTimeOffset ExpiresAt, string Url);
