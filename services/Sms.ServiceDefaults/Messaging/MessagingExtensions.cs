using System.ComponentModel.DataAnnotations;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sms.ServiceDefaults.Health;
using Sms.ServiceDefaults.Messaging.Watchdog;
using Sms.ServiceDefaults.Security;

namespace Sms.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    /// <summary>Configuration key that makes a service declare its queues and exchanges on the broker, then exit.</summary>
    public const string DeployTopologyOnlyKey = "Messaging:DeployTopologyOnly";

    /// <summary>Set in the builder's properties once the bus is registered.</summary>
    internal const string PropertyKey = "Sms.Messaging";

    /// <summary>How long a stopping service lets its consumers finish before it cancels them (a send takes at most about this long).</summary>
    public static readonly TimeSpan ConsumerStopTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The bus every service uses: RabbitMQ, queues named <c>{service}-{consumer}</c>, the retries of
    /// <see cref="UseSmsMessageRetry"/>, and the in-memory outbox so a consumer's publishes go out only when it succeeds.
    /// </summary>
    public static IHostApplicationBuilder AddSmsMessaging(
        this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? configure = null)
    {
        builder.Services.AddOptions<RabbitMqOptions>()
            .BindConfiguration(RabbitMqOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSmsMessageRetry();
        builder.Services.AddBusWatchdog();

        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(30);
            // A message waiting out an outage would hold the stop for the whole StopTimeout: after this long its
            // consumer is cancelled and the message goes back to its queue, for the next start.
            o.ConsumerStopTimeout = ConsumerStopTimeout;
        });

        builder.Properties[PropertyKey] = true;
        var apiClients = builder.Properties.ContainsKey(Security.ApiClientsExtensions.PropertyKey);
        var deployTopologyOnly = builder.Configuration.GetValue<bool>(DeployTopologyOnlyKey);
        var queuePrefix = QueuePrefix(builder.Environment.ApplicationName);

        builder.Services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry();
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(queuePrefix, false));
            x.ConfigureHealthCheckOptions(o =>
            {
                o.Name = "rabbitmq";
                o.Tags.Add(HealthTags.Ready);
                // MassTransit says Degraded while the bus is not connected, which /health/ready would answer 200.
                o.MinimalFailureStatus = HealthStatus.Unhealthy;
            });
            x.AddConfigureEndpointsCallback((context, _, endpoint) => endpoint.UseSmsConsumePipeline(context));

            if (apiClients) x.AddApiClientsConsumer();
            configure?.Invoke(x);

            x.UsingRabbitMq((context, cfg) =>
            {
                var options = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                cfg.Host(options.Host, options.Port, options.VirtualHost, h =>
                {
                    h.Username(options.Username);
                    h.Password(options.Password);
                });
                cfg.PrefetchCount = options.PrefetchCount;
                cfg.DeployTopologyOnly = deployTopologyOnly;
                cfg.DeployPublishTopology = true;
                cfg.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    /// <summary>
    /// What every receive endpoint does around its consumers, in this order: the retries of
    /// <see cref="UseSmsMessageRetry"/>; each try recorded on <see cref="BusActivity"/> for the <see cref="BusWatchdog"/>;
    /// the in-memory outbox, so a consumer's publishes go out only when it succeeds (and are timed as publishes).
    /// </summary>
    /// <param name="context">The bus registration, where <see cref="AddBusWatchdog"/> and <see cref="AddSmsMessageRetry"/> put their services.</param>
    public static void UseSmsConsumePipeline(this IReceiveEndpointConfigurator endpoint, IRegistrationContext context)
    {
        endpoint.UseSmsMessageRetry(context);
        BusActivityConfigurationObserver.ConnectAroundTries(endpoint, context.GetRequiredService<BusActivity>());
        endpoint.UseInMemoryOutbox(context);
        BusActivityConfigurationObserver.ConnectBeforeConsumers(endpoint);
    }

    /// <summary>
    /// The <see cref="BusWatchdog"/> (options from <c>Messaging:Watchdog:*</c>), the <see cref="BusActivity"/> it
    /// judges, and its liveness and readiness checks.
    /// </summary>
    public static IServiceCollection AddBusWatchdog(this IServiceCollection services)
    {
        services.AddOptions<BusWatchdogOptions>()
            .BindConfiguration(BusWatchdogOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<BusActivity>();
        services.AddSingleton<BrokerProbe>();
        services.AddSingleton<BusWatchdog>();
        services.AddHostedService(sp => sp.GetRequiredService<BusWatchdog>());
        services.AddReceiveEndpointObserver<BusActivityEndpointObserver>();
        services.AddHealthChecks()
            .Add(new HealthCheckRegistration("bus-progress",
                sp => new BusWatchdogHealthCheck(sp.GetRequiredService<BusWatchdog>(), readiness: false), HealthStatus.Unhealthy, [HealthTags.Live]))
            .Add(new HealthCheckRegistration("broker",
                sp => new BusWatchdogHealthCheck(sp.GetRequiredService<BusWatchdog>(), readiness: true), HealthStatus.Unhealthy, [HealthTags.Ready]));
        return services;
    }

    /// <summary>The options of <see cref="UseSmsMessageRetry"/>, bound from <c>Messaging:Retry:*</c> and validated at start.</summary>
    public static IServiceCollection AddSmsMessageRetry(this IServiceCollection services)
    {
        services.AddOptions<MessageRetryOptions>()
            .BindConfiguration(MessageRetryOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }

    /// <summary>
    /// Every consumer's retry (<see cref="MessageRetrySchedule"/>): while PostgreSQL, Redis or the carrier cannot be
    /// reached, the message waits unacknowledged and is tried again until it can; any other failure is retried a few
    /// times and then goes to the <c>_error</c> queue; a <see cref="ValidationException"/> goes there at once.
    /// </summary>
    /// <param name="services">Where <see cref="AddSmsMessageRetry"/> registered the options.</param>
    public static void UseSmsMessageRetry(this IReceiveEndpointConfigurator endpoint, IServiceProvider services)
    {
        var schedule = new MessageRetrySchedule(services.GetRequiredService<IOptions<MessageRetryOptions>>().Value);
        endpoint.UseMessageRetry(r =>
        {
            r.Ignore<ValidationException>();
            r.SetRetryPolicy(filter => new OutageAwareRetryPolicy(filter, schedule));
        });
    }

    /// <summary><c>Sms.Router</c> → <c>router</c>: every service's queues carry its name, so two services never share one.</summary>
    internal static string QueuePrefix(string applicationName)
    {
        var name = applicationName.StartsWith("Sms.", StringComparison.Ordinal) ? applicationName[4..] : applicationName;
        return name.ToLowerInvariant();
    }
}
