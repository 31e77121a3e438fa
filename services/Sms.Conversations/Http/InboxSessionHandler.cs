using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Sms.Conversations.Agents;
using Sms.ServiceDefaults.Security;

namespace Sms.Conversations.Http;

/// <summary>
/// The cookie session scheme: the <c>sms_inbox</c> cookie's token names a live session (<see cref="InboxSessions"/>),
/// whose agent (name and role as stored now) is the caller. Without the cookie, or when its session has ended, a call
/// that needs a caller gets 401 problem+json; one that needs a scope their role does not hold (<see cref="AgentScopes"/>), 403.
/// </summary>
public sealed class InboxSessionHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, InboxSessions sessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Cookies.TryGetValue(InboxAuthentication.CookieName, out var token))
            return AuthenticateResult.NoResult();
        if (await sessions.FindLiveAsync(token, Context.RequestAborted) is not { } session)
            return AuthenticateResult.Fail("No live session for this cookie: it ended, or it never was.");
        return AuthenticateResult.Success(new AuthenticationTicket(InboxAuthentication.PrincipalOf(session), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in or send an API key",
            detail: $"Sign in at POST /auth/login, or send a key in the {Sms.ServiceDefaults.Security.ApiKeyAuthentication.HeaderName} header.")
            .ExecuteAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed",
                detail: Context.GetEndpoint()?.Metadata.GetMetadata<RequiredScope>()?.Scope is { } scope
                    ? $"This needs the scope '{scope}', which your role does not hold (the admin role holds every scope)."
                    : "Your role may not do this.")
            .ExecuteAsync(Context);

    /// <summary>The session the caller signed in with; null for an API-key caller.</summary>
    public static Guid? SessionOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(InboxAuthentication.SessionClaim), out var id) ? id : null;
}
