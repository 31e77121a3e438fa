using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sms.Ingress.Http;
using Sms.Ingress.Inbound;
using Sms.ServiceDefaults.Data;
using Sms.Ingress.Publishing;
using Sms.Ingress.Rejected;
using Sms.Ingress.Vonage;

namespace Sms.Ingress.Extensions;

public static class IngressExtensions
{
    /// <summary>
    /// The ingress's own services: webhook authentication settings (checked at start: no signature secret, no start),
    /// the webhook gate, the publisher that waits for the broker, the Redis-backed inbound handling (de-duplication,
    /// concatenated parts and their timeout, the webhooks refused as malformed kept for inspection) and problem-details answers.
    /// </summary>
    public static IHostApplicationBuilder AddIngress(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<VonageWebhookOptions>()
            .BindConfiguration(VonageWebhookOptions.Section)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<VonageWebhookOptions>, VonageWebhookOptionsValidator>();

        builder.Services.AddOptions<IngressOptions>()
            .BindConfiguration(IngressOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<VonageWebhookGate>();
        builder.Services.AddScoped<EdgePublisher>();

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
        builder.Services.AddHostedService<ConcatTimeoutService>();
        builder.Services.AddProblemDetails();
        return builder;
    }
}
