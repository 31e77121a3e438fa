using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Sms.ServiceDefaults.Security;

/// <summary>
/// The one line a service with an HTTP API adds (<c>builder.AddApiClients()</c>, before <c>AddSmsMessaging</c>): the
/// API-key scheme over this instance's <see cref="ApiClientDirectory"/>, a policy per scope for
/// <see cref="ApiAccess.RequireScope{TBuilder}"/>, the directory kept from the bus (<see cref="ApiClientsChangedConsumer"/>
/// on a queue of this instance alone, <see cref="ApiClientsRequester"/> at start), and the throttled report of use.
/// </summary>
public static class ApiClientsExtensions
{
    /// <summary>Set in the builder's properties by <see cref="AddApiClients"/>: <c>AddSmsMessaging</c> then adds the consumer.</summary>
    internal const string PropertyKey = "Sms.ApiClients";

    /// <param name="authenticationScheme">
    /// The scheme the scope policies authenticate with: the API key unless the service names its own (the inbox's, which
    /// picks the cookie or the key). Only endpoints that declare a scope authenticate at all, so a carrier's webhook
    /// that carries its own <c>Authorization</c> header (Vonage's signed JWT) is never taken for a wrong key.
    /// </param>
    public static IHostApplicationBuilder AddApiClients(this IHostApplicationBuilder builder, string authenticationScheme = ApiKeyAuthenticationHandler.SchemeName)
    {
        if (builder.Properties.ContainsKey(Messaging.MessagingExtensions.PropertyKey))
            throw new InvalidOperationException("Call AddApiClients() before AddSmsMessaging(): its consumer is registered with the bus.");
        builder.Properties[PropertyKey] = true;

        var services = builder.Services;
        services.AddOptions<ApiClientsOptions>().BindConfiguration(ApiClientsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ApiClientDirectory>();
        services.AddSingleton<ApiClientUsageReporter>();
        services.AddHostedService(sp => sp.GetRequiredService<ApiClientUsageReporter>());
        services.AddHostedService<ApiClientsRequester>();

        services.AddAuthentication()
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName,
                o => o.InboxPassAudience = ApiKeyAuthenticationOptions.AudienceOf(builder.Environment.ApplicationName));
        var authorization = services.AddAuthorizationBuilder()
            .AddPolicy(ApiScopes.AnyScopePolicy, p => p.AddAuthenticationSchemes(authenticationScheme).RequireAuthenticatedUser());
        foreach (var scope in ApiScopes.All)
            authorization.AddPolicy(ApiScopes.PolicyName(scope),
                p => p.AddAuthenticationSchemes(authenticationScheme).RequireAuthenticatedUser().RequireClaim(ApiScopes.ClaimType, scope));
        return builder;
    }

    /// <summary>The directory's consumer, on a temporary queue of this instance alone so every instance gets every list.</summary>
    internal static void AddApiClientsConsumer(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<ApiClientsChangedConsumer>().Endpoint(e =>
        {
            e.InstanceId = Guid.NewGuid().ToString("N")[..12];
            e.Temporary = true;
        });
}
