using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sms.CarrierSimulator.Background;
using Sms.CarrierSimulator.Http;
using Sms.CarrierSimulator.SmsApi;
using Sms.CarrierSimulator.State;
using Sms.CarrierSimulator.Twilio;
using Sms.CarrierSimulator.Webhooks;

namespace Sms.CarrierSimulator.Extensions;

/// <summary>Wiring of the DEVELOPMENT CARRIER, used by <c>Program.cs</c> and the tests. Nothing here talks to a real carrier.</summary>
public static class CarrierSimulatorExtensions
{
    public static IServiceCollection AddCarrierSimulatorServices(this IServiceCollection services)
    {
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
        services.AddSingleton<MediaStore>();
        services.AddSingleton<FaultBook>();
        services.AddSingleton<SimulatedAccount>();
        services.AddSingleton<DeliveryReceiptQueue>();
        services.AddSingleton<SmsApiHandler>();
        services.AddSingleton<InboundSimulator>();
        services.AddHostedService<DeliveryReceiptWorker>();
        services.AddSingleton<TwilioWebhooks>();
        services.AddSingleton<TwilioApiHandler>();
        services.AddSingleton<TwilioCallbackWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<TwilioCallbackWorker>());
        return services;
    }

    /// <summary>The carrier APIs it fakes, its test endpoints and the send feed; a warning at start that it is not a real carrier.</summary>
    public static WebApplication MapCarrierSimulatorEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapSimulatorEndpoints();
        app.MapSmsApiEndpoints();
        app.MapTwilioEndpoints();
        app.MapReceiveFeedEndpoints();

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Sms.CarrierSimulator");
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            SimulatorLog.DevelopmentCarrierStarted(logger, addresses is { Count: > 0 } ? string.Join(", ", addresses) : "(in-process test server)");
        });
        return app;
    }
}
