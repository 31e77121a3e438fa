using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sms.Contracts.Campaigns;
using Sms.Ingress.Background;
using Sms.Ingress.Data;
using Sms.Ingress.Http;
using Sms.Ingress.Inbound;
using Sms.Ingress.Links;
using Sms.Ingress.Numbers;
using Sms.Ingress.Publishing;
using Sms.ServiceDefaults.Data;
using Sms.ServiceDefaults.Health;
using Sms.ServiceDefaults.Hosting;

namespace Sms.Ingress.Extensions;

public static class IngressExtensions
{
    /// <summary>
    /// The ingress's own services: webhook authentication settings for Vonage and Twilio (checked at start: no Vonage
    /// signature secret, no start; a Twilio auth token needs its public base URL), the number rules (Ingress:DefaultRegion),
    /// the webhook gate, the publisher that waits for the broker, the Redis-backed inbound handling (de-duplication,
    /// concatenated parts and their timeout, the webhooks refused as malformed kept for inspection, the check that Redis
    /// persists them), the tracked links' redirect (its options, the cache of where links lead, the click publisher) and
    /// problem-details answers. On the host builder rather than the service collection because it
    /// reads <c>ConnectionStrings:Redis</c> and adds the shared Redis connection (<c>AddSmsRedis</c>).
    /// </summary>
    public static IHostApplicationBuilder AddIngressServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddApiDocument("Sms.Ingress: the public edge",
            "Carrier webhooks (Vonage SMS API, Vonage Messages API, Twilio; each verified by its signature), the send API " +
            "(POST /v1/messages), the rejected-webhooks view and campaigns' tracked links (/l/{code}, opened by customers; the " +
            "signed code is their gate). The send API and this document need an API key (X-Api-Key or Authorization: Bearer).");

        builder.Services.AddOptions<VonageWebhookOptions>()
            .BindConfiguration(VonageWebhookOptions.Section)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<VonageWebhookOptions>, VonageWebhookOptionsValidator>();

        builder.Services.AddOptions<TwilioWebhookOptions>()
            .BindConfiguration(TwilioWebhookOptions.Section)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TwilioWebhookOptions>, TwilioWebhookOptionsValidator>();

        builder.Services.AddOptions<IngressOptions>()
            .BindConfiguration(IngressOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton(provider => new InboundNumbers(provider.GetRequiredService<IOptions<IngressOptions>>().Value.DefaultRegion));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<WebhookRefusals>();
        builder.Services.AddSingleton<VonageWebhookGate>();
        builder.Services.AddSingleton<TwilioWebhookGate>();
        builder.Services.AddScoped<EdgePublisher>();

        // Tracked links: where each leads is asked of Campaigns (AddIngressRequestClients) once and kept in memory.
        builder.Services.AddOptions<TrackedLinkOptions>()
            .BindConfiguration(TrackedLinkOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<TrackedLinkCache>();
        builder.Services.AddScoped<TrackedLinkResolver>();
        builder.Services.AddScoped<TrackedLinkClicks>();

        // Inbound: once per provider message id, concatenated parts joined, both held in Redis across instances.
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Redis")))
        {
            // AddSmsRedis refuses a missing connection string but not an empty one (an empty environment variable).
            throw new InvalidOperationException(
                "ConnectionStrings:Redis is not set (environment: ConnectionStrings__Redis). The ingress needs Redis to publish " +
                "each inbound SMS once and to join the parts of long messages.");
        }
        builder.AddSmsRedis();
        builder.Services.AddSingleton<ProviderMessageClaims>();
        builder.Services.AddSingleton<ConcatPartStore>();
        builder.Services.AddSingleton<RejectedWebhookStore>();
        builder.Services.AddScoped<InboundSmsHandler>();
        builder.Services.AddScoped<DeliveryReceiptHandler>();
        builder.Services.AddHostedService<ConcatTimeoutService>();
        // "Published once" must survive a Redis restart: warned about at start and reported in readiness when it would not.
        builder.Services.AddSingleton<RedisPersistenceCheck>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<RedisPersistenceCheck>());
        builder.Services.AddHealthChecks().AddCheck<RedisPersistenceCheck>("redis-persistence", tags: [HealthTags.Ready]);
        builder.Services.AddProblemDetails();
        return builder;
    }

    /// <summary>
    /// What the ingress asks of other services over the bus (request and response; the answers come to the bus's
    /// temporary response queue, so the ingress still consumes nothing of its own): where a tracked link leads
    /// (<see cref="ResolveTrackedLink"/>, answered by Campaigns; the timeout is <see cref="TrackedLinkOptions.ResolveTimeout"/>, per request).
    /// </summary>
    public static IBusRegistrationConfigurator AddIngressRequestClients(this IBusRegistrationConfigurator bus)
    {
        bus.AddRequestClient<ResolveTrackedLink>();
        return bus;
    }
}
