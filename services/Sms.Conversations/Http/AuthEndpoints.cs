using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Sms.Conversations.Auth;
using Sms.Conversations.Data;
using Sms.ServiceDefaults.Security;

namespace Sms.Conversations.Http;

public sealed record LoginRequest(string? Username, string? Password);

public sealed record AgentResponse(string Username, string DisplayName, string Role);

/// <summary>Signing in and out, who am I, and agent accounts (admins only).</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/auth").WithTags("Authentication");
        auth.MapPost("/login", LoginAsync).AllowAnonymous()
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Signs an agent in: 204 and the sms_inbox cookie, 401, or 429 with Retry-After after too many wrong passwords.");
        auth.MapPost("/logout", (Delegate)LogoutAsync).RequireAuthorization(InboxAuthentication.Policy)
            .WithSummary("Ends the cookie session.");
        auth.MapGet("/me", Me).RequireAuthorization(InboxAuthentication.Policy)
            .WithSummary("The caller: username, displayName, role.");

        var agents = app.MapGroup("/v1/agents").WithTags("Agents");
        agents.MapGet("", ListAgentsAsync).RequireAuthorization(InboxAuthentication.Policy)
            .Produces<IReadOnlyList<AgentResponse>>().ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("Every agent account (for the assignee picker).");
        agents.MapPost("", CreateAgentAsync).RequireAuthorization(InboxAuthentication.AdminPolicy)
            .Produces<AgentResponse>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Creates an agent account (admins only). 409 when the user name is taken.");
        return app;
    }

    private static async Task<IResult> LoginAsync(
        [FromBody] LoginRequest? request, HttpContext context, [FromServices] AgentStore agents,
        [FromServices] IPasswordHasher<AgentRow> hasher, [FromServices] SignInLockout lockout, [FromServices] TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var username = request?.Username?.Trim().ToLowerInvariant() ?? "";
        var password = request?.Password ?? "";
        if (username.Length > 0 && lockout.LockedFor(await agents.GetSignInFailuresAsync(username, cancellationToken), clock.GetUtcNow()) is { } locked)
            return Locked(context, locked);

        var agent = username.Length > 0 ? await agents.FindAsync(username, cancellationToken) : null;
        // Hash even for an unknown user, so the answer's timing does not tell which user names exist.
        var verdict = agent is not null
            ? hasher.VerifyHashedPassword(agent, agent.PasswordHash, password)
            : VerifyAgainstNobody(hasher, password);
        if (agent is null || verdict == PasswordVerificationResult.Failed)
        {
            if (username.Length == 0)
                return WrongPassword();
            var failures = await agents.RecordSignInFailureAsync(username, f => lockout.AfterFailure(f, clock.GetUtcNow()), cancellationToken);
            return lockout.LockedFor(failures, clock.GetUtcNow()) is { } lockedNow ? Locked(context, lockedNow) : WrongPassword();
        }

        await agents.ClearSignInFailuresAsync(username, cancellationToken);
        await context.SignInAsync(InboxAuthentication.CookieScheme, InboxAuthentication.PrincipalOf(agent));
        return Results.NoContent();
    }

    private static IResult WrongPassword() =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Wrong user name or password");

    private static IResult Locked(HttpContext context, TimeSpan lockedFor)
    {
        var seconds = (int)Math.Ceiling(lockedFor.TotalSeconds);
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many wrong passwords",
            detail: $"Sign-in for this user name is locked for {seconds} more seconds.");
    }

    private static readonly AgentRow Nobody = new() { Username = "", DisplayName = "", Role = AgentRoles.Agent, PasswordHash = "" };
    private static string? _nobodyHash;

    private static PasswordVerificationResult VerifyAgainstNobody(IPasswordHasher<AgentRow> hasher, string password)
    {
        _nobodyHash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(Nobody, _nobodyHash, password);
        return PasswordVerificationResult.Failed;
    }

    private static async Task<IResult> LogoutAsync(HttpContext context)
    {
        await context.SignOutAsync(InboxAuthentication.CookieScheme);
        return Results.NoContent();
    }

    private static AgentResponse Me(ClaimsPrincipal user) =>
        user.Identity?.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName
            ? new AgentResponse(ApiKeyAuthenticationHandler.UserName, "API key", AgentRoles.Admin)
            : new AgentResponse(user.UserName(), user.FindFirstValue(InboxAuthentication.DisplayNameClaim) ?? user.UserName(),
                user.FindFirstValue(ClaimTypes.Role) ?? AgentRoles.Agent);

    private static async Task<IResult> ListAgentsAsync([FromServices] AgentStore agents, CancellationToken cancellationToken) =>
        Results.Ok((await agents.ListAsync(cancellationToken)).Select(a => new AgentResponse(a.Username, a.DisplayName, a.Role)));

    private static async Task<IResult> CreateAgentAsync(
        [FromBody] AgentAccountRequest? request, [FromServices] AgentStore agents,
        [FromServices] IPasswordHasher<AgentRow> hasher, CancellationToken cancellationToken)
    {
        request ??= new AgentAccountRequest(null, null, null, null);
        var errors = request.Validate();
        if (errors.Count > 0)
            return Results.ValidationProblem(errors, title: "The agent account is not valid");

        var seed = new AgentRow { Username = request.Username!, DisplayName = request.DisplayName!.Trim(), Role = request.Role!, PasswordHash = "" };
        var agent = new AgentRow
        {
            Username = seed.Username, DisplayName = seed.DisplayName, Role = seed.Role,
            PasswordHash = hasher.HashPassword(seed, request.Password!),
        };
        if (!await agents.CreateAsync(agent, cancellationToken))
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "That user name is taken");
        return Results.Created($"/v1/agents/{agent.Username}", new AgentResponse(agent.Username, agent.DisplayName, agent.Role));
    }
}
