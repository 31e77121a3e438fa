using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sms.ServiceDefaults.Security;

/// <summary>
/// The API keys of <see cref="ApiKeyAuthentication"/> (<c>Api:Keys</c>, <c>X-Api-Key</c> or Bearer) as an ASP.NET Core
/// authentication scheme, for a service that also signs people in (cookies) and accepts either on the same endpoints.
/// A request without a key is no result (another scheme may authenticate it); a wrong key fails.
/// The caller becomes the user <see cref="UserName"/> with the role given by <see cref="ApiKeyAuthenticationOptions.Role"/>.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder, IConfiguration configuration)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>The user name of a caller authenticated by an API key.</summary>
    public const string UserName = "api-key";

    /// <summary>True when the request presents an API key (valid or not): a selector can forward it to this scheme.</summary>
    public static bool Presents(HttpRequest request) => ApiKeyAuthentication.PresentedKey(request) is not null;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ApiKeyAuthentication.PresentedKey(Request);
        if (presented is null)
            return Task.FromResult(AuthenticateResult.NoResult());
        var keys = configuration.GetSection("Api:Keys").Get<string[]>() ?? [];
        if (!ApiKeyAuthentication.IsValid(presented, keys))
            return Task.FromResult(AuthenticateResult.Fail("API key not valid"));

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, UserName), new Claim(ClaimTypes.Role, Options.Role)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>401 with a problem+json body, as <see cref="ApiKeyAuthentication.RequireApiKey{TBuilder}"/> answers.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "API key missing or not valid",
                detail: $"Send a configured key in the {ApiKeyAuthentication.HeaderName} header or as 'Authorization: Bearer <key>'.")
            .ExecuteAsync(Context);
}

public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>The role claim an API-key caller gets.</summary>
    public string Role { get; set; } = "admin";
}
