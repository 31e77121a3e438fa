using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Sms.Conversations.Agents;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;
using Sms.ServiceDefaults.Security;

namespace Sms.Conversations.Http;

/// <summary>
/// Signing in and out, who am I, the caller's sessions and password, and agent accounts: created, disabled and enabled,
/// given a role and a new password by admins (<see cref="AgentAccounts"/> decides; each change is recorded).
/// </summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/auth").WithTags("Authentication");
        auth.MapPost("/login", LoginAsync).AllowAnonymous()
            .Accepts<LoginRequest>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary($"Signs an agent in: 204 and the sms_inbox cookie (a new session), 401, 403 for a disabled account (with its right password only), 429 with Retry-After after too many wrong passwords, 400 naming the field for a malformed user name or password, 413 for a body over {InputLimits.SignInBodyBytes} bytes.");
        auth.MapPost("/logout", LogoutAsync).RequireScope(ApiScopes.InboxWrite)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("Ends the caller's session on every instance: its cookie no longer works.");
        auth.MapGet("/me", Me).RequireScope(ApiScopes.InboxRead)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("The caller: username, displayName, role.");
        auth.MapGet("/sessions", ListSessionsAsync).RequireScope(ApiScopes.InboxRead)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("The caller's sessions, most recently used first (current: the one of this call).");
        auth.MapDelete("/sessions", EndAllSessionsAsync).RequireScope(ApiScopes.InboxWrite)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("Signs out everywhere: ends every session of the caller, this one included.");
        auth.MapPut("/password", ChangeOwnPasswordAsync).RequireScope(ApiScopes.InboxWrite)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Changes the caller's own password: the current one is required (a wrong one counts as a failed sign-in, 400; 429 once locked), the new one follows the rule of every agent password. The caller's other sessions end, this one stays. 403 for an API-key caller, who has no password.");
        auth.MapDelete("/sessions/{id:guid}", EndSessionAsync).RequireScope(ApiScopes.InboxWrite)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Ends one of the caller's sessions; 404 when the caller has no such session.");

        var agents = app.MapGroup("/v1/agents").WithTags("Agents");
        agents.MapGet("", ListAgentsAsync).RequireScope(ApiScopes.InboxRead)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("Every agent account, disabled ones marked (the assignee picker leaves those out).");
        agents.MapPost("", CreateAgentAsync).RequireScope(ApiScopes.InboxAdmin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("Creates an agent account (admins only). 409 when the user name is taken.");
        agents.MapDelete("/{username}/sessions", EndAgentSessionsAsync).RequireScope(ApiScopes.InboxAdmin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Ends every session of an agent (admins only): the agent is signed out everywhere at once.");
        agents.MapPost("/{username}/disable", (string username, ClaimsPrincipal user, [FromServices] AgentAccountServices services, CancellationToken ct) =>
                ChangeAgentAsync(username, new AccountChange.Disable(), user, services, ct))
            .RequireScope(ApiScopes.InboxAdmin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Disables an agent (admins only): they cannot sign in, every session of theirs ends at once, assignment gives them nothing and their open conversations return to their team's queue. 409 for the last enabled admin.");
        agents.MapPost("/{username}/enable", (string username, ClaimsPrincipal user, [FromServices] AgentAccountServices services, CancellationToken ct) =>
                ChangeAgentAsync(username, new AccountChange.Enable(), user, services, ct))
            .RequireScope(ApiScopes.InboxAdmin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Enables a disabled agent again (admins only): they may sign in.");
        agents.MapPut("/{username}/role", ChangeRoleAsync).RequireScope(ApiScopes.InboxAdmin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Changes an agent's role (admins only); their sessions carry the new role from their next call. 409 when it would demote the last enabled admin.");
        agents.MapPut("/{username}/password", ResetPasswordAsync).RequireScope(ApiScopes.InboxAdmin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Resets an agent's password to the one given (admins only): every session of the agent ends.");
        agents.MapGet("/{username}/changes", ListChangesAsync).RequireScope(ApiScopes.InboxAdmin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary($"What was done to an agent's account, by whom and when, newest first (the last {ChangesListed}; admins only).");
        return app;
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> LoginAsync(
        HttpContext context, [FromServices] AgentStore agents, [FromServices] IPasswordHasher<AgentRow> hasher,
        [FromServices] SignInLockout lockout, [FromServices] InboxSessions sessions, [FromServices] TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (request, tooLarge) = await ReadSignInAsync(context.Request, cancellationToken);
        if (tooLarge)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The sign-in request is too large",
                detail: $"At most {InputLimits.SignInBodyBytes} bytes.");
        }
        var errors = LoginRequestValidator.Validate(request);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: request is null ? "The sign-in request is not valid" : errors.Values.First()[0]);

        var username = request!.Username!.Trim().ToLowerInvariant();
        var password = request.Password ?? "";
        if (lockout.LockedFor(await agents.GetSignInFailuresAsync(username, cancellationToken), clock.GetUtcNow()) is { } locked)
            return Locked(context, locked);

        var agent = await agents.FindAsync(username, cancellationToken);
        // Hash even for an unknown user, so the answer's timing does not tell which user names exist.
        var verdict = agent is not null
            ? hasher.VerifyHashedPassword(agent, agent.PasswordHash, password)
            : VerifyAgainstNobody(hasher, password);
        if (agent is null || verdict == PasswordVerificationResult.Failed)
        {
            var now = clock.GetUtcNow();
            var failures = await agents.RecordSignInFailureAsync(
                username, f => lockout.AfterFailure(f, now), lockout.ForgetBefore(now), cancellationToken);
            return lockout.LockedFor(failures, now) is { } lockedNow ? Locked(context, lockedNow) : WrongPassword();
        }

        if (agent.Disabled)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This account is disabled",
                detail: "An admin disabled it: ask one to enable it again.");
        }
        await agents.ClearSignInFailuresAsync(username, cancellationToken);
        var (token, session) = await sessions.StartAsync(
            agent, context.Request.Headers.UserAgent.ToString(), context.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        context.Response.Cookies.Append(InboxAuthentication.CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            Expires = session.ExpiresAt,
        });
        return TypedResults.NoContent();
    }

    /// <summary>The sign-in body, read up to <see cref="InputLimits.SignInBodyBytes"/>: null when it is not a JSON object; too large, unread beyond the limit.</summary>
    private static async Task<(LoginRequest? Request, bool TooLarge)> ReadSignInAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > InputLimits.SignInBodyBytes)
            return (null, true);
        var body = new MemoryStream();
        var buffer = new byte[1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > InputLimits.SignInBodyBytes)
                return (null, true);
            body.Write(buffer, 0, read);
        }
        try
        {
            return (JsonSerializer.Deserialize<LoginRequest>(body.ToArray(), JsonSerializerOptions.Web), false);
        }
        catch (JsonException)
        {
            return (null, false);
        }
    }

    private static ProblemHttpResult WrongPassword() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Wrong user name or password");

    private static ProblemHttpResult Locked(HttpContext context, TimeSpan lockedFor)
    {
        var seconds = (int)Math.Ceiling(lockedFor.TotalSeconds);
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many wrong passwords",
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

    private static async Task<NoContent> LogoutAsync(
        HttpContext context, ClaimsPrincipal user, [FromServices] InboxSessions sessions, CancellationToken cancellationToken)
    {
        if (InboxSessionHandler.SessionOf(user) is { } id)
            await sessions.EndAsync(user.UserName(), id, cancellationToken);
        context.Response.Cookies.Delete(InboxAuthentication.CookieName, new CookieOptions { Path = "/" });
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<SessionResponse>>> ListSessionsAsync(
        ClaimsPrincipal user, [FromServices] InboxSessions sessions, CancellationToken cancellationToken)
    {
        var current = InboxSessionHandler.SessionOf(user);
        var rows = await sessions.ListAsync(user.UserName(), cancellationToken);
        return TypedResults.Ok(rows.Select(s => new SessionResponse(s.Id, s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.UserAgent, s.Ip, s.Id == current)).ToList());
    }

    private static async Task<Ok<SessionsEnded>> EndAllSessionsAsync(
        HttpContext context, ClaimsPrincipal user, [FromServices] InboxSessions sessions, CancellationToken cancellationToken)
    {
        var ended = await sessions.EndAsync(user.UserName(), null, cancellationToken);
        if (InboxSessionHandler.SessionOf(user) is not null)
            context.Response.Cookies.Delete(InboxAuthentication.CookieName, new CookieOptions { Path = "/" });
        return TypedResults.Ok(new SessionsEnded(ended));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> EndSessionAsync(
        Guid id, HttpContext context, ClaimsPrincipal user, [FromServices] InboxSessions sessions, CancellationToken cancellationToken)
    {
        if (await sessions.EndAsync(user.UserName(), id, cancellationToken) == 0)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "You have no such session");
        if (InboxSessionHandler.SessionOf(user) == id)
            context.Response.Cookies.Delete(InboxAuthentication.CookieName, new CookieOptions { Path = "/" });
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<SessionsEnded>, ProblemHttpResult>> EndAgentSessionsAsync(
        string username, ClaimsPrincipal user, [FromServices] AgentStore agents, [FromServices] InboxSessions sessions, CancellationToken cancellationToken)
    {
        if (username.Length > InputLimits.UsernameLength || await agents.FindAsync(username, cancellationToken) is null)
            return NoSuchAgent();
        var ended = await sessions.EndAsync(username, null, cancellationToken);
        await agents.RecordAsync(user.UserName(), username, AgentAccounts.SessionsEnded, null, cancellationToken);
        return TypedResults.Ok(new SessionsEnded(ended));
    }

    /// <summary>How many recorded changes <c>GET /v1/agents/{username}/changes</c> lists.</summary>
    public const int ChangesListed = 100;

    private static ProblemHttpResult NoSuchAgent() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such agent");

    private static async Task<Results<Ok<AgentResponse>, ValidationProblem, ProblemHttpResult>> ChangeRoleAsync(
        string username, [FromBody] AgentRoleRequest? request, ClaimsPrincipal user, [FromServices] AgentAccountServices services, CancellationToken cancellationToken)
    {
        var errors = AgentRoleRequestValidator.Validate(request);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The role is not valid");
        return Widen(await ChangeAgentAsync(username, new AccountChange.ChangeRole(request!.Role!), user, services, cancellationToken));
    }

    private static async Task<Results<Ok<AgentResponse>, ValidationProblem, ProblemHttpResult>> ResetPasswordAsync(
        string username, [FromBody] PasswordResetRequest? request, ClaimsPrincipal user, [FromServices] AgentAccountServices services,
        [FromServices] IPasswordHasher<AgentRow> hasher, CancellationToken cancellationToken)
    {
        var errors = PasswordResetRequestValidator.Validate(request);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The new password is not valid");
        if (username.Length > InputLimits.UsernameLength || await services.Agents.FindAsync(username, cancellationToken) is not { } agent)
            return NoSuchAgent();
        var hash = hasher.HashPassword(agent, request!.Password!);
        return Widen(await ChangeAgentAsync(username, new AccountChange.ResetPassword(hash), user, services, cancellationToken));
    }

    /// <summary>
    /// One change to an agent account (<see cref="AgentStore.ChangeAsync"/>): this instance forgets the agent's cached
    /// sessions at once (the others when they hear of it), and a disabled agent's open conversations go back to their
    /// team's queue.
    /// </summary>
    private static async Task<Results<Ok<AgentResponse>, ProblemHttpResult>> ChangeAgentAsync(
        string username, AccountChange change, ClaimsPrincipal user, [FromServices] AgentAccountServices services, CancellationToken cancellationToken)
    {
        if (username.Length > InputLimits.UsernameLength
            || await services.Agents.ChangeAsync(username, change, user.UserName(), cancellationToken) is not { } outcome)
            return NoSuchAgent();
        var (decision, ended) = outcome;
        if (decision.Refusal is { } refusal)
        {
            services.Logger.LastAdminKept(username, decision.Action, user.UserName());
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The deployment must keep one enabled admin", detail: refusal);
        }
        services.Sessions.ForgetAgent(username);
        var released = decision.After.Disabled ? await services.Handoff.ReleaseAgentAsync(username, cancellationToken) : 0;
        if (!decision.Unchanged)
            services.Logger.AccountChanged(username, decision.Action, user.UserName(), ended.Count, released);
        var agent = await services.Agents.FindAsync(username, cancellationToken);
        return agent is null ? NoSuchAgent() : TypedResults.Ok(ResponseOf(agent));
    }

    private static async Task<Results<Ok<List<AccountChangeResponse>>, ProblemHttpResult>> ListChangesAsync(
        string username, [FromServices] AgentStore agents, CancellationToken cancellationToken)
    {
        if (username.Length > InputLimits.UsernameLength || await agents.FindAsync(username, cancellationToken) is null)
            return NoSuchAgent();
        var changes = await agents.ListChangesAsync(username, ChangesListed, cancellationToken);
        return TypedResults.Ok(changes.Select(c => new AccountChangeResponse(c.At, c.Actor, c.Agent, c.Action, c.Detail)).ToList());
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ChangeOwnPasswordAsync(
        [FromBody] PasswordChangeRequest? request, HttpContext context, ClaimsPrincipal user, [FromServices] AgentAccountServices services,
        [FromServices] IPasswordHasher<AgentRow> hasher, [FromServices] SignInLockout lockout, [FromServices] TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (InboxSessionHandler.SessionOf(user) is not { } current)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not an agent",
                detail: "Only an agent signed in to the inbox has a password to change.");
        }
        var errors = PasswordChangeRequestValidator.Validate(request);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: errors.Values.First()[0]);

        // The current password is checked as a sign-in is: a stolen session cannot guess it faster than a sign-in could.
        var username = user.UserName();
        if (lockout.LockedFor(await services.Agents.GetSignInFailuresAsync(username, cancellationToken), clock.GetUtcNow()) is { } locked)
            return Locked(context, locked);
        if (await services.Agents.FindAsync(username, cancellationToken) is not { } agent)
            return NoSuchAgent();
        if (hasher.VerifyHashedPassword(agent, agent.PasswordHash, request!.CurrentPassword!) == PasswordVerificationResult.Failed)
        {
            var now = clock.GetUtcNow();
            var failures = await services.Agents.RecordSignInFailureAsync(
                username, f => lockout.AfterFailure(f, now), lockout.ForgetBefore(now), cancellationToken);
            return lockout.LockedFor(failures, now) is { } lockedNow
                ? Locked(context, lockedNow)
                : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["currentPassword"] = ["Not your current password."] },
                    title: "Not your current password");
        }
        await services.Agents.ClearSignInFailuresAsync(username, cancellationToken);
        var change = new AccountChange.ChangePassword(hasher.HashPassword(agent, request.NewPassword!), current);
        if (await services.Agents.ChangeAsync(username, change, username, cancellationToken) is not { } outcome)
            return NoSuchAgent();
        services.Sessions.ForgetAgent(username);
        services.Logger.AccountChanged(username, AgentAccounts.PasswordChanged, username, outcome.EndedSessions.Count, 0);
        return TypedResults.NoContent();
    }

    private static Results<Ok<AgentResponse>, ValidationProblem, ProblemHttpResult> Widen(Results<Ok<AgentResponse>, ProblemHttpResult> result) =>
        result.Result switch
        {
            Ok<AgentResponse> ok => ok,
            ProblemHttpResult problem => problem,
            _ => throw new InvalidOperationException("Unexpected result."),
        };

    private static AgentResponse ResponseOf(AgentRow agent) => new(agent.Username, agent.DisplayName, agent.Role, agent.Disabled);

    private static Ok<AgentResponse> Me(ClaimsPrincipal user) => TypedResults.Ok(
        user.Identity?.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName
            ? new AgentResponse(user.UserName(), user.FindFirstValue(ApiKeyAuthenticationHandler.ClientIdClaim) is null ? "API key" : "API client",
                user.FindFirstValue(ClaimTypes.Role) ?? AgentRoles.Agent)
            : new AgentResponse(user.UserName(), user.FindFirstValue(InboxAuthentication.DisplayNameClaim) ?? user.UserName(),
                user.FindFirstValue(ClaimTypes.Role) ?? AgentRoles.Agent));

    private static async Task<Ok<List<AgentResponse>>> ListAgentsAsync([FromServices] AgentStore agents, CancellationToken cancellationToken) =>
        TypedResults.Ok((await agents.ListAsync(cancellationToken)).Select(ResponseOf).ToList());

    private static async Task<Results<Created<AgentResponse>, ValidationProblem, ProblemHttpResult>> CreateAgentAsync(
        [FromBody] AgentAccountRequest? request, ClaimsPrincipal user, [FromServices] AgentStore agents,
        [FromServices] IPasswordHasher<AgentRow> hasher, CancellationToken cancellationToken)
    {
        var errors = AgentAccountRequestValidator.Validate(request);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The agent account is not valid");

        var seed = new AgentRow { Username = request!.Username!, DisplayName = request.DisplayName!.Trim(), Role = request.Role!, PasswordHash = "" };
        var agent = new AgentRow
        {
            Username = seed.Username, DisplayName = seed.DisplayName, Role = seed.Role,
            PasswordHash = hasher.HashPassword(seed, request.Password!),
        };
        if (!await agents.CreateAsync(agent, user.UserName(), cancellationToken))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "That user name is taken");
        return TypedResults.Created($"/v1/agents/{agent.Username}", new AgentResponse(agent.Username, agent.DisplayName, agent.Role));
    }
}

/// <summary>What an account change needs, bound as one parameter so the endpoints stay short.</summary>
public sealed class AgentAccountServices(AgentStore agents, InboxSessions sessions, ConversationHandoff handoff, ILogger<AgentAccountServices> logger)
{
    public AgentStore Agents => agents;
    public InboxSessions Sessions => sessions;
    public ConversationHandoff Handoff => handoff;
    public ILogger Logger => logger;
}
