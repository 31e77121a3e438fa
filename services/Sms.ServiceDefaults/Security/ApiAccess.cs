using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Sms.ServiceDefaults.Security;

/// <summary>
/// What every endpoint declares: the scope a caller needs (<see cref="RequireScope{TBuilder}"/>), any caller
/// (<see cref="RequireAnyScope{TBuilder}"/>, the API document), or nobody at all (ASP.NET's <c>AllowAnonymous()</c>:
/// health checks, carrier webhooks that carry their own signature, the inbox's sign-in). The scopes-matrix tests walk
/// every endpoint of every service and fail on one that declares none of these.
/// </summary>
/// <remarks>
/// Checked by the authorization middleware before the endpoint binds anything, so an anonymous caller is answered 401
/// whatever its body holds, and a caller without the scope 403 (both problem+json); the body is never parsed.
/// An inbox agent signed in with the cookie holds the scopes of their role (<c>AgentScopes</c> in Conversations).
/// </remarks>
public static class ApiAccess
{
    /// <summary>The endpoints of <paramref name="builder"/> need a caller holding <paramref name="scope"/> (one of <see cref="ApiScopes"/>).</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder
    {
        if (!ApiScopes.IsKnown(scope))
            throw new ArgumentException($"'{scope}' is not one of ApiScopes.All.", nameof(scope));
        builder.WithMetadata(new RequiredScope(scope));
        builder.RequireAuthorization(ApiScopes.PolicyName(scope));
        return builder.ProducesAuthProblems();
    }

    /// <summary>The endpoints of <paramref name="builder"/> need an authenticated caller, whatever it holds.</summary>
    public static TBuilder RequireAnyScope<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new RequiredScope(null));
        builder.RequireAuthorization(ApiScopes.AnyScopePolicy);
        return builder.ProducesAuthProblems();
    }

    private static TBuilder ProducesAuthProblems<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        // The API document says so: every such endpoint can answer 401 and 403 with a problem.
        builder.Add(endpoint =>
        {
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ProblemDetails), ["application/problem+json"]));
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(ProblemDetails), ["application/problem+json"]));
        });
        return builder;
    }
}

/// <summary>An endpoint's declared scope; null <see cref="Scope"/>: any authenticated caller.</summary>
public sealed record RequiredScope(string? Scope);
