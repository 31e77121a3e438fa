using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sms.Ingress.Http;
using Sms.Ingress.Publishing;
using Sms.Ingress.Vonage;

namespace Sms.Ingress.Extensions;

public static class IngressExtensions
{
    /// <summary>
    /// The ingress's own services: webhook authentication settings (checked at start: no signature secret, no start),
    /// the webhook gate, the publisher that waits for the broker, and problem-details answers.
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
        builder.Services.AddProblemDetails();
        return builder;
    }
}
