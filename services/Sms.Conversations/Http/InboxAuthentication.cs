using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Sms.Conversations.Agents;
using Sms.ServiceDefaults.Security;

namespace Sms.Conversations.Http;

/// <summary>
/// Who may use the inbox: agents signed in with a server-side session (<see cref="InboxSessions"/>; the <c>sms_inbox</c>
/// cookie carries its random token and nothing else), who hold the scopes of their role (<see cref="AgentScopes"/>), or
/// callers with an API client's key, who hold the client's scopes. Every API endpoint declares the scope it needs;
/// nothing but <c>/health/*</c>, the login page's assets (<see cref="AnonymousAssets"/>) and <c>POST /auth/login</c>
/// answers without one. An unauthenticated API call gets 401 problem+json (never a redirect);
/// an unauthenticated visit to the page is sent to its login page.
/// </summary>
public static class InboxAuthentication
{
    /// <summary>Forwards to the API-key scheme when a key is presented, else to the cookie scheme.</summary>
    public const string Scheme = "Inbox";
    public const string CookieScheme = "InboxCookie";
    public const string CookieName = "sms_inbox";

    public const string DisplayNameClaim = "display_name";

    /// <summary>The id of the caller's session (cookie callers only).</summary>
    public const string SessionClaim = "session_id";

    /// <summary>The header every non-GET call made with the cookie must carry (a simple CSRF guard).</summary>
    public const string CsrfHeader = "X-Requested-With";
    public const string CsrfHeaderValue = "inbox";

    /// <summary>Served to anyone, the one set of static files declared anonymous: what the login page needs.</summary>
    public static readonly HashSet<string> AnonymousAssets =
        new(["/inbox/login.html", "/inbox/login.js", "/inbox/app.css"], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// <c>/</c> → <c>/inbox/</c>; the login page's assets to anyone; the rest of the page only signed in (else to the
    /// login page); authentication, the CSRF header rule and authorization for the API.
    /// </summary>
    public static WebApplication UseInbox(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Path == "/")
            {
                context.Response.Redirect("/inbox/");
                return;
            }
            await next(context);
        });
        app.UseWhen(context => AnonymousAssets.Contains(context.Request.Path.Value ?? ""), branch => branch.UseStaticFiles());

        // No request body is larger than the largest valid one by much: a larger one is 413 before it is read (by the
        // server, for a body sent in chunks). Sign-in reads its own, smaller, limit (InputLimits.SignInBodyBytes).
        // A picture upload is the one exception: it may be as large as an attachment is allowed to be.
        var attachmentBytes = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Extensions.AttachmentOptions>>().Value.MaxBytes;
        app.Use(async (context, next) =>
        {
            var maxBytes = InputLimits.IsPictureUpload(context.Request.Method, context.Request.Path.Value)
                ? Math.Max(InputLimits.RequestBodyBytes, attachmentBytes)
                : InputLimits.RequestBodyBytes;
            if (context.Request.ContentLength > maxBytes)
            {
                await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request is too large",
                    detail: $"At most {maxBytes} bytes.").ExecuteAsync(context);
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = maxBytes;
            // Bodies are UTF-8 JSON: another charset (utf-7, which .NET refuses to decode at all) is the caller's 415.
            if (InputLimits.CharsetProblem(context.Request.ContentType) is { } charset)
            {
                await Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported charset",
                    detail: charset).ExecuteAsync(context);
                return;
            }
            await next(context);
        });

        app.UseAuthentication();
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments("/inbox") && context.User.Identity?.IsAuthenticated != true)
            {
                context.Response.Redirect("/inbox/login.html");
                return;
            }
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
                && !HttpMethods.IsOptions(context.Request.Method)
                && context.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieScheme }
                && !string.Equals(context.Request.Headers[CsrfHeader], CsrfHeaderValue, StringComparison.Ordinal))
            {
                await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: $"Missing {CsrfHeader} header",
                    detail: $"Calls made with the inbox session must send '{CsrfHeader}: {CsrfHeaderValue}'.").ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthorization();
        return app;
    }

    /// <summary>The principal of an agent signed in with <paramref name="session"/>.</summary>
    public static ClaimsPrincipal PrincipalOf(SessionRow session) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, session.Username),
            new Claim(ClaimTypes.Role, session.Role),
            new Claim(DisplayNameClaim, session.DisplayName),
            new Claim(SessionClaim, session.Id.ToString()),
            .. AgentScopes.Of(session.Role).Select(scope => new Claim(ApiScopes.ClaimType, scope)),
        ],
        CookieScheme));

    /// <summary>The caller's user name (an agent's, <c>client:&lt;name&gt;</c> for an API client, or <c>api-key</c> for a bootstrap key).</summary>
    public static string UserName(this ClaimsPrincipal user) => user.Identity?.Name ?? ApiKeyAuthenticationHandler.UserName;
}
