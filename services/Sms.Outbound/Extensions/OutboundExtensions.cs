using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sms.Outbound.Carriers;
using Sms.Outbound.Carriers.Resilience;
using Sms.Outbound.Carriers.Twilio;
using Sms.Outbound.Carriers.Vonage;
using Sms.Outbound.Consumers;
using Sms.Outbound.Data;
using Sms.Outbound.OptOuts;
using Sms.Outbound.RateLimits;

namespace Sms.Outbound.Extensions;

public static class OutboundExtensions
{
    /// <summary>
    /// Outbound's own services: which carrier each sending number uses (<c>Carriers:*</c>), each carrier's options
    /// (<c>Vonage:*</c>, <c>Twilio:*</c>, validated at start when a send can go out through it), each carrier's client
    /// over a typed <see cref="HttpClient"/> behind the shared rate limits (<c>Outbound:RateLimits:*</c>, per carrier
    /// account and sending number) and its own retry, circuit breaker and time limit (<c>Outbound:Resilience:*</c>), the
    /// opt-out fence around every carrier attempt, and the Redis send claims (<c>Outbound:SendClaims:*</c>). Needs an
    /// <see cref="StackExchange.Redis.IConnectionMultiplexer"/> (<c>AddSmsRedis()</c>). Program.cs and the tests call it.
    /// </summary>
    public static IServiceCollection AddOutboundServices(this IServiceCollection services)
    {
        services.AddOptions<CarrierRoutingOptions>()
            .BindConfiguration(CarrierRoutingOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CarrierRoutingOptions>, CarrierRoutingOptionsValidator>();

        services.AddOptions<VonageOptions>()
            .BindConfiguration(VonageOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<VonageOptions>>(provider => new UsedCarrierOptionsValidator<VonageOptions>(
            CarrierRouting.Vonage, VonageOptions.Section, o => o.DefaultFrom, provider.GetRequiredService<IOptions<CarrierRoutingOptions>>()));
        services.AddOptions<TwilioOptions>()
            .BindConfiguration(TwilioOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TwilioOptions>>(provider => new UsedCarrierOptionsValidator<TwilioOptions>(
            CarrierRouting.Twilio, TwilioOptions.Section, o => o.DefaultFrom, provider.GetRequiredService<IOptions<CarrierRoutingOptions>>()));

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
            .Validate<IOptions<VonageOptions>, IOptions<TwilioOptions>, IOptions<RateLimitOptions>>(
                (o, vonage, twilio, limits) =>
                    o.TotalTimeoutSeconds > Math.Max(vonage.Value.TimeoutSeconds, twilio.Value.TimeoutSeconds) + limits.Value.MaxWaitSeconds,
                "Outbound:Resilience:TotalTimeoutSeconds must be more than Vonage:TimeoutSeconds (and Twilio:TimeoutSeconds) plus Outbound:RateLimits:MaxWaitSeconds.")
            .ValidateOnStart();

        services.AddOptions<SendClaimOptions>()
            .BindConfiguration(SendClaimOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SendClaims>();
        services.AddSingleton<RedisRateLimiter>();
        services.AddSingleton<OptOutFences>();

        // Each carrier behind the rate limits and its own resilience pipeline (one carrier's outage opens only its
        // circuit), registered under its provider name; the consumer picks one per send by the sending number.
        AddCarrier<VonageSmsClient>(services, CarrierRouting.Vonage, provider => provider.GetRequiredService<IOptions<VonageOptions>>().Value.TimeoutSeconds);
        AddCarrier<TwilioSmsClient>(services, CarrierRouting.Twilio, provider => provider.GetRequiredService<IOptions<TwilioOptions>>().Value.TimeoutSeconds);
        services.AddScoped<ICarrierClients, CarrierClients>();
        // The default provider's client, for whoever needs "the" carrier.
        services.AddTransient<ICarrierClient>(provider => provider.GetRequiredService<ICarrierClients>().For(null));
        return services;
    }

    /// <summary>
    /// Outbound's consumers: <see cref="SmsApprovedConsumer"/> with its definition (the in-consumer retry that waits
    /// for another attempt's claim). Program.cs (inside <c>AddSmsMessaging</c>) and the tests call it.
    /// </summary>
    public static IBusRegistrationConfigurator AddOutboundConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<SmsApprovedConsumer, SmsApprovedConsumerDefinition>();
        return bus;
    }

    private static void AddCarrier<TClient>(IServiceCollection services, string name, Func<IServiceProvider, int> timeoutSeconds)
        where TClient : class, ICarrierClient
    {
        services.AddKeyedSingleton(name, (provider, _) => ActivatorUtilities.CreateInstance<CarrierPipeline>(provider));
        services.AddKeyedTransient<ICarrierClient>(name, (provider, key) => ActivatorUtilities.CreateInstance<ResilientCarrierClient>(
            provider, provider.GetRequiredService<TClient>(), provider.GetRequiredKeyedService<CarrierPipeline>(key)));
        services.AddHttpClient<TClient>((provider, http) => http.Timeout = TimeSpan.FromSeconds(timeoutSeconds(provider)))
            // Less than the whole exchange is allowed, so a connection that never comes is told apart from a slow answer.
            .ConfigurePrimaryHttpMessageHandler(provider => CarrierConnections.CreateHandler(TimeSpan.FromSeconds(Math.Min(5.0, timeoutSeconds(provider) / 2.0))));
    }
}
