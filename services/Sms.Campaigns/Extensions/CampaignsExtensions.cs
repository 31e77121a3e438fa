using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sms.Campaigns.Background;
using Sms.Campaigns.Campaigns;
using Sms.Campaigns.Consumers;
using Sms.Campaigns.Data;
using Sms.ServiceDefaults.Hosting;

namespace Sms.Campaigns.Extensions;

public static class CampaignsExtensions
{
    /// <summary>
    /// The campaign consumers: the events the contact projection and the campaigns' results are built from, and the
    /// campaign commands. <c>Program</c> and the tests' harness both call this.
    /// </summary>
    public static IBusRegistrationConfigurator AddCampaignsConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<CreateCampaignConsumer>();
        bus.AddConsumer<ChangeCampaignStateConsumer>();
        return bus;
    }

    /// <summary>The campaign service's options, stores and background work. Needs <c>IConfiguration</c> and an <c>NpgsqlDataSource</c>.</summary>
    public static IServiceCollection AddCampaignsServices(this IServiceCollection services)
    {
        services.AddApiDocument("Sms.Campaigns: segments, campaigns and their results",
            "Saved segments of contacts with a live preview, uploaded audiences, campaigns from compose to results: content " +
            "check, dry run, launch, pause, resume and cancel. Needs an API key (X-Api-Key or Authorization: Bearer) with the campaigns scope.");
        services.AddOptions<CampaignsOptions>().BindConfiguration(CampaignsOptions.Section).ValidateDataAnnotations()
            // PostgreSQL does the local-time arithmetic with the same IANA names: an unknown one would fail every launch.
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.DefaultTimeZone, out _), "Campaigns:DefaultTimeZone is not a known IANA time zone")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CampaignStore>();
        services.AddSingleton<DispatchStore>();
        // Scoped: it asks Compliance through a request client, which lives in the request's or the message's scope.
        services.AddScoped<CampaignActions>();
        services.AddSingleton<CampaignDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<CampaignDispatcher>());
        return services;
    }
}
