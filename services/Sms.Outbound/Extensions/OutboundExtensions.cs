using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sms.Outbound.Carriers;
using Sms.Outbound.Carriers.Resilience;
using Sms.Outbound.Carriers.Vonage;
using Sms.Outbound.Data;
using Sms.Outbound.RateLimits;

namespace Sms.Outbound.Extensions;

public static class OutboundExtensions
{
    /// <summary>
    /// Outbound's own services: the Vonage options (<c>Vonage:*</c>, validated at start), the carrier client over a
    /// typed <see cref="HttpClient"/> behind the shared rate limits (<c>Outbound:RateLimits:*</c>) and the retry,
    /// circuit breaker and time limit (<c>Outbound:Resilience:*</c>), and the Redis send claims. Needs <c>AddSmsRedis()</c>.
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

        services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.Numbers.Values.All(limit => limit >= 1), "Outbound:RateLimits:Numbers: every limit must be 1 or more.")
            .ValidateOnStart();
        services.AddOptions<CarrierResilienceOptions>()
            .BindConfiguration(CarrierResilienceOptions.Section)
            .ValidateDataAnnotations()
            // Otherwise the overall limit would cut off a request in flight, turning a send that is merely slow
            // into one whose outcome is unknown.
            .Validate<IOptions<VonageOptions>, IOptions<RateLimitOptions>>(
                (o, vonage, limits) => o.TotalTimeoutSeconds > vonage.Value.TimeoutSeconds + limits.Value.MaxWaitSeconds,
                "Outbound:Resilience:TotalTimeoutSeconds must be more than Vonage:TimeoutSeconds plus Outbound:RateLimits:MaxWaitSeconds.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SendClaims>();
        services.AddSingleton<RedisRateLimiter>();
        services.AddSingleton<CarrierPipeline>();

        // The consumer sees the carrier through the rate limits and the resilience pipeline; a later carrier (Twilio)
        // slots in as another inner client.
        services.AddTransient<ICarrierClient>(provider =>
            ActivatorUtilities.CreateInstance<ResilientCarrierClient>(provider, provider.GetRequiredService<VonageSmsClient>()));
        services.AddHttpClient<VonageSmsClient>((provider, http) =>
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
