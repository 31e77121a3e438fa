using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sms.Outbound.Carriers;
using Sms.Outbound.Carriers.Vonage;
using Sms.Outbound.Data;

namespace Sms.Outbound.Extensions;

public static class OutboundExtensions
{
    /// <summary>
    /// Outbound's own services: the Vonage options (<c>Vonage:*</c>, validated at start), the carrier client over a
    /// typed <see cref="HttpClient"/> and the Redis send claims. Needs <c>AddSmsRedis()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddOutbound(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOutbound();
        return builder;
    }

    internal static IServiceCollection AddOutbound(this IServiceCollection services)
    {
        services.AddOptions<VonageOptions>()
            .BindConfiguration(VonageOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SendClaims>();

        // A later carrier (Twilio) or a resilience pipeline (circuit breaker) slots in behind ICarrierClient.
        services.AddHttpClient<ICarrierClient, VonageSmsClient>((provider, http) =>
            {
                http.Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<VonageOptions>>().Value.TimeoutSeconds);
            })
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var timeout = provider.GetRequiredService<IOptions<VonageOptions>>().Value.TimeoutSeconds;
                // Less than the whole exchange is allowed, so a connection that never comes is told apart from a slow answer.
                return CarrierConnections.CreateHandler(TimeSpan.FromSeconds(Math.Min(5.0, timeout / 2.0)));
            });
        return services;
    }
}
