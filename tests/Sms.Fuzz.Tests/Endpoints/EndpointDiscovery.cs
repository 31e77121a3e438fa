extern alias campaigns;
extern alias compliance;
extern alias conversations;
extern alias ingress;
extern alias outbound;
extern alias router;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Sms.Testing;

namespace Sms.Fuzz.Tests.Endpoints;

/// <summary>
/// Lists every endpoint of every service from the service's own endpoint data source: each service's real Program is
/// hosted in memory for a moment (bus swapped for the test harness, <see cref="HarnessedService{TProgram}"/>) and asked
/// what it maps, so an endpoint added to a service is fuzzed without anyone touching this test. The inbox's static
/// files are listed from the Conversations web root. Run before the platform's processes start: the in-memory hosts
/// are gone before the first request.
/// </summary>
public static class EndpointDiscovery
{
    /// <summary>Types a handler gets from the request itself rather than from the query string.</summary>
    private static readonly HashSet<Type> RequestPlumbing =
    [
        typeof(HttpContext), typeof(HttpRequest), typeof(HttpResponse), typeof(CancellationToken),
        typeof(System.Security.Claims.ClaimsPrincipal), typeof(Stream), typeof(System.IO.Pipelines.PipeReader),
    ];

    /// <summary>
    /// Bodies an endpoint reads by hand (<c>RequestBodies.ReadJsonAsync</c>, so a body it cannot decode is a 400 rather
    /// than the framework's 500), which its metadata therefore does not declare: their members, for near misses.
    /// </summary>
    private static readonly Dictionary<string, Type> HandReadBodies = new(StringComparer.Ordinal)
    {
        ["POST /v1/segments"] = typeof(campaigns::Sms.Campaigns.Http.SegmentRequest),
        ["PUT /v1/segments/{id:guid}"] = typeof(campaigns::Sms.Campaigns.Http.SegmentRequest),
        ["POST /v1/segments/preview"] = typeof(campaigns::Sms.Campaigns.Http.SegmentPreviewRequest),
        ["POST /v1/campaigns/compose"] = typeof(campaigns::Sms.Campaigns.Http.ComposeRequest),
        ["POST /v1/campaigns"] = typeof(campaigns::Sms.Campaigns.Http.CampaignRequest),
        ["PUT /v1/campaigns/{id:guid}"] = typeof(campaigns::Sms.Campaigns.Http.CampaignRequest),
    };

    public static async Task<IReadOnlyList<FuzzEndpoint>> DiscoverAsync(IReadOnlyDictionary<string, string> environment)
    {
        // Configuration as the processes get it (Section__Key), in the form UseSetting takes (Section:Key).
        var settings = environment.ToDictionary(p => p.Key.Replace("__", ":", StringComparison.Ordinal), p => p.Value);
        var endpoints = new List<FuzzEndpoint>();
        endpoints.AddRange(await ListAsync<ingress::Program>("Sms.Ingress", settings));
        endpoints.AddRange(await ListAsync<router::Program>("Sms.Router", settings));
        endpoints.AddRange(await ListAsync<compliance::Program>("Sms.Compliance", settings));
        endpoints.AddRange(await ListAsync<outbound::Program>("Sms.Outbound", settings));
        endpoints.AddRange(await ListAsync<conversations::Program>("Sms.Conversations", settings));
        endpoints.AddRange(StaticFiles("Sms.Conversations", typeof(conversations::Program).Assembly));
        endpoints.AddRange(await ListAsync<campaigns::Program>("Sms.Campaigns", settings));
        return endpoints;
    }

    private static async Task<IReadOnlyList<FuzzEndpoint>> ListAsync<TProgram>(string service, IReadOnlyDictionary<string, string> settings)
        where TProgram : class
    {
        await using var host = new HarnessedService<TProgram>(settings);
        var source = host.Services.GetRequiredService<EndpointDataSource>();
        var found = new List<FuzzEndpoint>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } declared
                ? declared
                : ["GET", "POST"]; // MapHealthChecks and the like answer any method
            var segments = endpoint.RoutePattern.PathSegments.Select(s => (IReadOnlyList<RoutePart>)s.Parts.Select(Part).ToList()).ToList();
            var routeNames = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var handler = endpoint.Metadata.GetMetadata<MethodInfo>();
            var query = handler is null ? [] : QueryParameters(handler, routeNames);
            var body = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is { } requestType ? Members(requestType) : [];
            // A group's "" route is the group's path ("/v1/conversations/" in the raw text; routing ignores the slash).
            var route = "/" + endpoint.RoutePattern.RawText?.Trim('/');
            found.AddRange(methods.Select(method => new FuzzEndpoint(service, method, route, segments, query,
                body.Count == 0 && HandReadBodies.TryGetValue($"{method} {route}", out var read) ? Members(read) : body)));
        }
        return found;
    }

    private static RoutePart Part(RoutePatternPart part) => part switch
    {
        RoutePatternLiteralPart literal => new RoutePart(literal.Content, null, []),
        RoutePatternSeparatorPart separator => new RoutePart(separator.Content, null, []),
        RoutePatternParameterPart parameter => new RoutePart(null, parameter.Name,
            parameter.ParameterPolicies.Select(p => p.Content ?? "").Where(c => c.Length > 0).ToList()),
        _ => new RoutePart("", null, []),
    };

    /// <summary>The handler's parameters bound from the query string: [FromQuery], or a simple type not named by the route.</summary>
    private static List<FieldShape> QueryParameters(MethodInfo handler, HashSet<string> routeNames) =>
        handler.GetParameters()
            .Where(p => p.Name is not null && !routeNames.Contains(p.Name))
            .Where(p => p.GetCustomAttribute<FromServicesAttribute>() is null && p.GetCustomAttribute<FromBodyAttribute>() is null
                        && p.GetCustomAttribute<FromHeaderAttribute>() is null && !RequestPlumbing.Contains(p.ParameterType))
            .Where(p => p.GetCustomAttribute<FromQueryAttribute>() is not null || IsSimple(p.ParameterType))
            .Select(p => new FieldShape(p.GetCustomAttribute<FromQueryAttribute>()?.Name ?? p.Name!, KindOf(p.ParameterType)))
            .ToList();

    /// <summary>The members of a JSON body type, in the web defaults' camelCase.</summary>
    private static List<FieldShape> Members(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite || type.GetConstructors().Any(c => c.GetParameters().Any(a => a.Name == p.Name)))
            .Select(p => new FieldShape(char.ToLowerInvariant(p.Name[0]) + p.Name[1..], KindOf(p.PropertyType)))
            .ToList();

    private static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(Guid) || t == typeof(DateTimeOffset)
               || t == typeof(DateTime) || t == typeof(DateOnly) || t == typeof(decimal) || t == typeof(TimeSpan);
    }

    private static ValueKind KindOf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string)) return ValueKind.Text;
        if (t == typeof(bool)) return ValueKind.Boolean;
        if (t == typeof(Guid)) return ValueKind.Guid;
        if (t == typeof(DateTimeOffset) || t == typeof(DateTime) || t == typeof(DateOnly)) return ValueKind.Date;
        if (t.IsPrimitive || t == typeof(decimal)) return ValueKind.Integer;
        if (t == typeof(System.Text.Json.JsonElement)) return ValueKind.Any;
        if (t.IsGenericType && t.GetGenericArguments().Length == 2) return ValueKind.Map;
        if (t != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(t)) return ValueKind.List;
        return t.IsClass ? ValueKind.Object : ValueKind.Any;
    }

    /// <summary>Every file of the service's web root, at the path the static-file middleware serves it.</summary>
    private static IEnumerable<FuzzEndpoint> StaticFiles(string service, Assembly serviceAssembly)
    {
        var webRoot = Path.Combine(ProjectDirectory(serviceAssembly), "wwwroot");
        if (!Directory.Exists(webRoot)) yield break;
        // A folder is served too, by its default file.
        foreach (var folder in Directory.EnumerateDirectories(webRoot, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var route = "/" + Path.GetRelativePath(webRoot, folder).Replace(Path.DirectorySeparatorChar, '/') + "/";
            var segments = route.Trim('/').Split('/').Select(s => (IReadOnlyList<RoutePart>)[new RoutePart(s, null, [])]).ToList();
            yield return new FuzzEndpoint(service, "GET", route, segments, [], [], IsStaticFile: true);
        }
        foreach (var file in Directory.EnumerateFiles(webRoot, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var route = "/" + Path.GetRelativePath(webRoot, file).Replace(Path.DirectorySeparatorChar, '/');
            var segments = route.Trim('/').Split('/').Select(s => (IReadOnlyList<RoutePart>)[new RoutePart(s, null, [])]).ToList();
            yield return new FuzzEndpoint(service, "GET", route, segments, [], [], IsStaticFile: true);
        }
    }

    /// <summary><c>services/&lt;Name&gt;</c> of the solution this test was built in.</summary>
    private static string ProjectDirectory(Assembly serviceAssembly) =>
        RepositoryRoot.Combine("services", serviceAssembly.GetName().Name!);
}
