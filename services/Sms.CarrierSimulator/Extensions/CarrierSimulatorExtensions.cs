using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sms.CarrierSimulator.Http;
using Sms.CarrierSimulator.Options;
using Sms.CarrierSimulator.State;
using Sms.CarrierSimulator.Webhooks;

namespace Sms.CarrierSimulator.Extensions;

/// <summary>Wiring of the DEVELOPMENT CARRIER. Nothing here talks to a real carrier.</summary>
public static class CarrierSimulatorExtensions
{
    public static IHostApplicationBuilder AddCarrierSimulator(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SimulatorOptions>()
            .BindConfiguration(SimulatorOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SimulatorOptions>, SimulatorOptionsValidator>();

        services.AddProblemDetails();
        services.AddHttpClient(WebhookSender.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10))
            .RemoveAllLoggers(); // GET webhooks carry phone numbers in the URL: keep them out of the logs.
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<WebhookSender>();
        services.AddSingleton<SentMessageStore>();
        services.AddSingleton<FaultBook>();
        services.AddSingleton<SimulatedAccount>();
        services.AddSingleton<DeliveryReceiptQueue>();
        services.AddSingleton<SmsApiHandler>();
        services.AddSingleton<InboundSimulator>();
        services.AddHostedService<DeliveryReceiptWorker>();
        services.AddSingleton<Twilio.TwilioWebhooks>();
        services.AddSingleton<Twilio.TwilioApiHandler>();
        services.AddSingleton<Twilio.TwilioCallbackWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<Twilio.TwilioCallbackWorker>());
        return builder;
    }

    public static WebApplication MapCarrierSimulator(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapSimulatorEndpoints();
        app.MapReceiveFeed();
        return app;
    }
}
