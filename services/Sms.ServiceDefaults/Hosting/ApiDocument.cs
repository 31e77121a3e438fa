using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sms.ServiceDefaults.Security;

namespace Sms.ServiceDefaults.Hosting;

/// <summary>
/// Each service's OpenAPI document at <see cref="Path"/>, generated from its endpoints: their typed results say what
/// each one answers (<c>Results&lt;Ok&lt;T&gt;, ValidationProblem, NotFound&gt;</c>), so the document does too.
/// The service decides who may read it (<c>.RequireAnyScope()</c>); every operation names the scope it needs.
/// </summary>
public static class ApiDocument
{
    public const string Path = "/openapi/v1.json";

    /// <param name="title">The document's title: the service and what its API is for.</param>
    /// <param name="description">How to call it: what it serves and how to authenticate.</param>
    /// <param name="configure">More of the service's own, e.g. its security schemes.</param>
    public static IServiceCollection AddApiDocument(
        this IServiceCollection services, string title, string description, Action<OpenApiOptions>? configure = null)
    {
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = title;
                document.Info.Description = description;
                return Task.CompletedTask;
            });
            // Each operation says who may call it: the scope it declared (ApiAccess), any caller, or anyone.
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var access = metadata.OfType<RequiredScope>().LastOrDefault() is { } required
                    ? required.Scope is { } scope ? $"Needs the scope `{scope}`." : "Needs any API client's key."
                    : metadata.OfType<IAllowAnonymous>().Any() ? "Open to anyone." : null;
                if (access is not null)
                    operation.Description = string.IsNullOrEmpty(operation.Description) ? access : $"{operation.Description}\n\n{access}";
                return Task.CompletedTask;
            });
            configure?.Invoke(options);
        });
        return services;
    }

    /// <summary>The document at <see cref="Path"/> (the route is <c>/openapi/{documentName}.json</c>, the one document being <c>v1</c>).</summary>
    public static IEndpointConventionBuilder MapApiDocument(this IEndpointRouteBuilder app) => app.MapOpenApi();
}
