using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sms.Contracts.Conversations;
using Sms.ServiceDefaults.Security;

namespace Sms.Testing;

/// <summary>
/// The scopes matrix (issue 16): every endpoint of a service, taken from its own <see cref="EndpointDataSource"/> so a
/// new endpoint is in it without anyone listing it, called with no key and with a client holding each single scope of
/// <see cref="ApiScopes.All"/>. An endpoint that declares neither a scope nor anonymous access is a failure; so is any
/// answer other than 401 without a key, 403 "Scope missing" for a scope it does not need, and anything but those for
/// the scope it needs.
/// </summary>
public static partial class ScopeMatrix
{
    /// <summary>The title of the 403 a key without the endpoint's scope gets (<see cref="ApiKeyAuthenticationHandler"/>).</summary>
    private const string ScopeMissing = "Scope missing";

    /// <summary>One endpoint and method: <c>"GET /v1/conversations/{id:guid}"</c>.</summary>
    public sealed record Operation(string Method, string Pattern, RequiredScope? Declared, bool Anonymous)
    {
        public override string ToString() => $"{Method} {Pattern}";
    }

    /// <summary>Every operation of the started service, in route order.</summary>
    public static IReadOnlyList<Operation> Operations<TProgram>(WebApplicationFactory<TProgram> factory) where TProgram : class
    {
        _ = factory.Server;
        return factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => new Operation(
                method, "/" + e.RoutePattern.RawText!.TrimStart('/'), e.Metadata.GetMetadata<RequiredScope>(),
                e.Metadata.GetMetadata<IAllowAnonymous>() is not null && e.Metadata.GetMetadata<RequiredScope>() is null)))
            .OrderBy(o => o.Pattern, StringComparer.Ordinal).ThenBy(o => o.Method, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// A client of each single scope, put straight into the service's <see cref="ApiClientDirectory"/> as a list from
    /// Conversations would be: the keys by scope.
    /// </summary>
    public static IReadOnlyDictionary<string, string> AddSingleScopeClients(IServiceProvider services)
    {
        var keys = new Dictionary<string, string>();
        var entries = new List<ApiClientEntry>();
        foreach (var scope in ApiScopes.All)
        {
            var (id, key, hash) = ApiClientKey.Create();
            keys[scope] = key;
            entries.Add(new ApiClientEntry { Id = id, Name = "matrix-" + scope, Scopes = [scope], SecretHash = hash, Revoked = false });
        }
        // Newer than any list the service could be sent while the test runs.
        services.GetRequiredService<ApiClientDirectory>().Replace(new ApiClientsChanged { Clients = entries, ListedAt = DateTimeOffset.UtcNow.AddDays(1) });
        return keys;
    }

    /// <summary>
    /// Calls every declared operation with no key and with each key of <paramref name="keysByScope"/>; each answer that
    /// breaks the rule, as "GET /v1/x with send: 200 (expected 403 Scope missing)". Empty when the service keeps it.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync<TProgram>(
        WebApplicationFactory<TProgram> factory, IReadOnlyDictionary<string, string> keysByScope) where TProgram : class
    {
        var violations = new List<string>();
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        foreach (var operation in Operations(factory))
        {
            if (operation.Declared is null)
            {
                if (!operation.Anonymous) violations.Add($"{operation}: declares no scope (RequireScope) and is not AllowAnonymous");
                continue;
            }
            var (anonymous, _) = await CallAsync(client, operation, key: null);
            if (anonymous != HttpStatusCode.Unauthorized)
                violations.Add($"{operation} without a key: {(int)anonymous} (expected 401)");
            foreach (var (scope, key) in keysByScope)
            {
                var allowed = operation.Declared.Scope is null || operation.Declared.Scope == scope;
                var (status, title) = await CallAsync(client, operation, key);
                var refusedForScope = status == HttpStatusCode.Forbidden && title == ScopeMissing;
                if (allowed && (status == HttpStatusCode.Unauthorized || refusedForScope))
                    violations.Add($"{operation} with {scope}: {(int)status} {title} (expected neither 401 nor 403 {ScopeMissing})");
                if (!allowed && !refusedForScope)
                    violations.Add($"{operation} with {scope}: {(int)status} {title} (expected 403 {ScopeMissing})");
            }
        }
        return violations;
    }

    private static async Task<(HttpStatusCode Status, string? Title)> CallAsync(HttpClient client, Operation operation, string? key)
    {
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), SampleUrl(operation.Pattern));
        if (key is not null) request.Headers.Add(ApiKeyAuthentication.HeaderName, key);
        if (operation.Method is "POST" or "PUT" or "PATCH")
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        // Headers are enough (a live stream never ends); the body only for a problem's title.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        string? title = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
            title = body.RootElement.TryGetProperty("title", out var t) ? t.GetString() : null;
        }
        return (response.StatusCode, title);
    }

    /// <summary>The pattern with a sample for each parameter: a new guid, a number, a phone number, else a word.</summary>
    public static string SampleUrl(string pattern) => Parameter().Replace(pattern, m =>
        m.Groups["constraint"].Value.Contains("guid", StringComparison.Ordinal) ? Guid.NewGuid().ToString()
        : m.Groups["constraint"].Value is ":int" or ":long" ? "1"
        : m.Groups["name"].Value.Contains("umber", StringComparison.Ordinal) ? Uri.EscapeDataString("+15550100999")
        : "matrix-sample");

    [GeneratedRegex(@"\{(?<name>\w+)(?<constraint>:[^}]*)?\}")]
    private static partial Regex Parameter();
}
