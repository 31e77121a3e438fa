using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;

namespace Sms.ServiceDefaults.Security;

/// <summary>
/// API keys for the platform's HTTP APIs, from configuration <c>Api:Keys</c> (environment: <c>Api__Keys__0</c>,
/// <c>Api__Keys__1</c>, …). Callers send <c>X-Api-Key: &lt;key&gt;</c> or <c>Authorization: Bearer &lt;key&gt;</c>.
/// With no key configured every request is refused: an API is never open by accident.
/// </summary>
public static class ApiKeyAuthentication
{
    public const string HeaderName = "X-Api-Key";

    /// <summary>
    /// Requires a valid API key on every endpoint of the group, checked before anything else of the request is read: the
    /// endpoint's own request handling (binding its body and parameters, its filters, the handler) is wrapped, so an
    /// anonymous caller is answered 401 whatever its body holds, and its body is never parsed.
    /// </summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        // The API document says so: every such endpoint can answer 401 with a problem.
        builder.Add(endpoint => endpoint.Metadata.Add(
            new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ProblemDetails), ["application/problem+json"])));
        builder.Finally(endpoint =>
        {
            // Finally conventions run once the endpoint's request delegate (binding included) has been built.
            var inner = endpoint.RequestDelegate
                ?? throw new InvalidOperationException($"RequireApiKey: the endpoint '{endpoint.DisplayName}' has no request delegate.");
            endpoint.RequestDelegate = http => IsAuthorised(http) ? inner(http) : Unauthorised().ExecuteAsync(http);
        });
        return builder;
    }

    private static bool IsAuthorised(HttpContext http)
    {
        var configuration = http.RequestServices.GetService(typeof(IConfiguration)) as IConfiguration;
        var keys = configuration?.GetSection("Api:Keys").Get<string[]>() ?? [];
        return IsValid(PresentedKey(http.Request), keys);
    }

    private static IResult Unauthorised() =>
        Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "API key missing or not valid",
            detail: $"Send a configured key in the {HeaderName} header or as 'Authorization: Bearer <key>'.");

    internal static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var key) && !string.IsNullOrEmpty(key))
            return key.ToString();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    internal static bool IsValid(string? presented, IEnumerable<string> configured)
    {
        if (string.IsNullOrEmpty(presented)) return false;
        var given = Encoding.UTF8.GetBytes(presented);
        var valid = false;
        foreach (var key in configured.Where(k => !string.IsNullOrEmpty(k)))
            valid |= CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(key));
        return valid;
    }
}
