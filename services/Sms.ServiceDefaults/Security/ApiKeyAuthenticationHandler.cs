using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sms.ServiceDefaults.Security;

/// <summary>
/// The API-key scheme of every service: the presented key (<c>X-Api-Key</c> or Bearer) is looked up in the
/// <see cref="ApiClientDirectory"/> (API clients, or a bootstrap key of <c>Api:Keys</c>), and the caller holds the
/// client's scopes as <see cref="ApiScopes.ClaimType"/> claims. A request without a key is no result (another scheme,
/// the inbox's cookie, may authenticate it); an unknown or revoked key fails. 401 and 403 are problem+json.
/// When <see cref="InboxPass.KeySetting"/> is set, a Bearer token shaped like an <see cref="InboxPass"/> is read as one
/// instead: the caller is the agent it vouches for, with the pass's scopes; a pass that is tampered with, expired or
/// for another service fails (README, "The Campaigns page").
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IConfiguration configuration, ApiClientDirectory directory, ApiClientUsageReporter usage)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>The user name of a caller authenticated by a bootstrap key.</summary>
    public const string UserName = "api-key";

    /// <summary>The user name of a caller authenticated by a client's key starts with this, then the client's name.</summary>
    public const string ClientNamePrefix = "client:";

    /// <summary>The claim with the client's id (absent for a bootstrap key).</summary>
    public const string ClientIdClaim = "api_client_id";

    /// <summary>The user name of an inbox agent who called with a pass starts with this, then the agent's user name.</summary>
    public const string InboxAgentPrefix = "inbox:";

    /// <summary>True when the request presents an API key (valid or not): a selector can forward it to this scheme.</summary>
    public static bool Presents(HttpRequest request) => ApiKeyAuthentication.PresentedKey(request) is not null;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ApiKeyAuthentication.PresentedKey(Request);
        if (presented is null)
            return Task.FromResult(AuthenticateResult.NoResult());
        if (InboxPass.LooksLikePass(presented) && configuration[InboxPass.KeySetting] is { Length: > 0 } passKey)
            return Task.FromResult(AuthenticatePass(presented, passKey));
        var check = directory.Check(presented, configuration.GetSection(ApiKeyAuthentication.BootstrapKeysSection).Get<string[]>() ?? []);
        if (check.Outcome == ApiKeyOutcome.Revoked)
            return Task.FromResult(AuthenticateResult.Fail("API client revoked"));
        if (check.Outcome != ApiKeyOutcome.Accepted)
            return Task.FromResult(AuthenticateResult.Fail("API key not valid"));

        var claims = new List<Claim> { new(ClaimTypes.Name, check.ClientId is null ? UserName : ClientNamePrefix + check.Name) };
        if (check.ClientId is { } id)
        {
            claims.Add(new Claim(ClientIdClaim, id.ToString()));
            usage.Seen(id);
        }
        claims.AddRange(check.Scopes.Select(s => new Claim(ApiScopes.ClaimType, s)));
        if (Options.RoleOf?.Invoke(check.Scopes) is { } role)
            claims.Add(new Claim(ClaimTypes.Role, role));
        var identity = new ClaimsIdentity(claims, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    private AuthenticateResult AuthenticatePass(string token, string key)
    {
        var reading = InboxPass.Read(token, key, Options.InboxPassAudience ?? "", TimeProvider.GetUtcNow());
        if (reading.Claims is not { } pass)
            return AuthenticateResult.Fail(reading.Problem ?? "Inbox pass not valid");
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, InboxAgentPrefix + pass.Subject),
                .. pass.Scopes.Select(s => new Claim(ApiScopes.ClaimType, s)),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "API key missing or not valid",
                detail: $"Send an API client's key (or a bootstrap key of Api:Keys) in the {ApiKeyAuthentication.HeaderName} header or as 'Authorization: Bearer <key>', or a valid inbox pass as 'Authorization: Bearer v1.…'.")
            .ExecuteAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Scope missing",
                detail: ScopeDetail(Context))
            .ExecuteAsync(Context);

    /// <summary>"This needs the scope 'send'." from the endpoint's declaration.</summary>
    internal static string ScopeDetail(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<RequiredScope>()?.Scope is { } scope
            ? $"This needs the scope '{scope}'; the key's client does not hold it."
            : "The key's client may not do this.";
}

public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>
    /// The role claim a key's caller gets from its scopes, for a service whose handlers also look at roles (the inbox:
    /// an <c>inbox:admin</c> client acts as an admin); none when null.
    /// </summary>
    public Func<IReadOnlySet<string>, string?>? RoleOf { get; set; }

    /// <summary>
    /// The audience an <see cref="InboxPass"/> must name to be taken here: the service's name (<c>Sms.Campaigns</c> →
    /// <c>campaigns</c>, set by <see cref="ApiClientsExtensions.AddApiClients"/>), so a pass for one service opens no other.
    /// </summary>
    public string? InboxPassAudience { get; set; }

    /// <summary>The audience of a service from its application name: <c>Sms.Campaigns</c> → <c>campaigns</c>.</summary>
    public static string AudienceOf(string applicationName) =>
        (applicationName.StartsWith("Sms.", StringComparison.Ordinal) ? applicationName[4..] : applicationName).ToLowerInvariant();
}
