using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Sms.ServiceDefaults.Security;

namespace Sms.Conversations.Http;

/// <summary>
/// The OpenAPI document's security: the two ways in (the session cookie, an API key in its header or as a bearer
/// token), required on every operation that needs a caller, and on none that is open to anyone.
/// </summary>
public static class OpenApiSecurity
{
    public const string Cookie = "inboxSession";
    public const string ApiKeyHeader = "apiKey";
    public const string ApiKeyBearer = "apiKeyBearer";

    public static OpenApiOptions AddInboxSecurity(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Cookie] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Cookie, Name = InboxAuthentication.CookieName,
                Description = $"The session cookie POST /auth/login sets. Calls that change something also need '{InboxAuthentication.CsrfHeader}: {InboxAuthentication.CsrfHeaderValue}'.",
            };
            document.Components.SecuritySchemes[ApiKeyHeader] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiKeyAuthentication.HeaderName,
                Description = "An API client's key (sk_<id>_<secret>, POST /v1/api-clients), holding the scopes it was given; a bootstrap key of Api:Keys holds every scope.",
            };
            document.Components.SecuritySchemes[ApiKeyBearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "The same API key, as 'Authorization: Bearer <key>'.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any())
                return Task.CompletedTask;
            operation.Security ??= [];
            foreach (var scheme in new[] { Cookie, ApiKeyHeader, ApiKeyBearer })
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] });
            return Task.CompletedTask;
        });
        return options;
    }
}
