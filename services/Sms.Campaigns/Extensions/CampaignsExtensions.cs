using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sms.Campaigns.Background;
using Sms.Campaigns.Campaigns;
using Sms.Campaigns.Consumers;
using Sms.Campaigns.Content;
using Sms.Campaigns.Data;
using Sms.ServiceDefaults.Hosting;
using Sms.ServiceDefaults.Security;

namespace Sms.Campaigns.Extensions;

public static class CampaignsExtensions
{
    /// <summary>
    /// The campaign consumers: the events the contact projection and the campaigns' results are built from, and the
    /// campaign commands. <c>Program</c> and the tests' harness both call this.
    /// </summary>
    public static IBusRegistrationConfigurator AddCampaignsConsumers(this IBusRegistrationConfigurator bus)
    {
        // A campaign's results (README, "Campaigns", "Results"): the events about its messages and the replies to them;
        // InboundSmsReceived and OptOutRecorded also feed the contact projection.
        bus.AddConsumer<SmsSentConsumer, SmsSentConsumerDefinition>();
        bus.AddConsumer<SmsDeliveryStatusChangedConsumer, SmsDeliveryStatusChangedConsumerDefinition>();
        bus.AddConsumer<InboundSmsReceivedConsumer, InboundSmsReceivedConsumerDefinition>();
        bus.AddConsumer<SmsSendFailedConsumer>();
        bus.AddConsumer<SmsSuppressedConsumer>();
        bus.AddConsumer<SmsDeferredConsumer>();
        bus.AddConsumer<ReplyClassifiedConsumer>();
        bus.AddConsumer<OptOutRecordedConsumer>();
        bus.AddConsumer<ConversationEscalatedConsumer>();
        bus.AddConsumer<ContactProfileChangedConsumer>();
        // The contact projection (Data/ContactProjection.cs), from the events of the services that own each part.
        bus.AddConsumer<ContactChangedConsumer>();
        bus.AddConsumer<ContactTimeZoneChangedConsumer>();
        bus.AddConsumer<OptInRecordedConsumer>();
        bus.AddConsumer<ConversationOwnerChangedConsumer>();
        // Campaigns created and moved on over the bus, as the HTTP API does.
        bus.AddConsumer<CreateCampaignConsumer>();
        bus.AddConsumer<ChangeCampaignStateConsumer>();
        // Tracked links (README, "Link clicks"): Ingress asks where one leads, then reports the click.
        bus.AddConsumer<ResolveTrackedLinkConsumer>();
        bus.AddConsumer<TrackedLinkClickedConsumer>();
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
        services.AddInboxCors();
        services.AddSingleton<SegmentStore>();
        services.AddSingleton<AudienceStore>();
        services.AddSingleton(sp => new LinkTracking(
            sp.GetRequiredService<IOptions<CampaignsOptions>>().Value.TrackedLinkBase,
            sp.GetRequiredService<IConfiguration>()[TrackedLinkCode.KeySetting]));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CampaignsOptions>>().Value;
            return new ContentCheck(options.BrandName, options.LinkDomains, sp.GetRequiredService<LinkTracking>());
        });
        services.AddSingleton<RecipientResults>();
        services.AddSingleton<LinkStore>();
        services.AddSingleton<CampaignResultsQuery>();

        // The contacts segments are chosen from, and their first filling on a fresh start.
        services.AddSingleton<ContactProjection>();
        services.AddHostedService<ContactBackfill>();

        // Campaigns from launch to the last send.
        services.AddSingleton<CampaignStore>();
        services.AddSingleton<DispatchStore>();
        // Scoped: it asks Compliance through a request client, which lives in the request's or the message's scope.
        services.AddScoped<CampaignActions>();
        services.AddSingleton<CampaignDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<CampaignDispatcher>());
        return services;
    }
}
