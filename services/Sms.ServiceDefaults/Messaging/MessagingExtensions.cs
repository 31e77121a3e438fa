using System.ComponentModel.DataAnnotations;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sms.ServiceDefaults.Health;

namespace Sms.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    /// <summary>Configuration key that makes a service declare its queues and exchanges on the broker, then exit.</summary>
    public const string DeployTopologyOnlyKey = "Messaging:DeployTopologyOnly";

    /// <summary>
    /// The bus every service uses: RabbitMQ, queues named <c>{service}-{consumer}</c>, retries with backoff then the
    /// <c>_error</c> queue, and the in-memory outbox so a consumer's publishes go out only when it succeeds.
    /// </summary>
    public static IHostApplicationBuilder AddSmsMessaging(
        this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? configure = null)
    {
        builder.Services.AddOptions<RabbitMqOptions>()
            .BindConfiguration(RabbitMqOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });

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
            });
            x.AddConfigureEndpointsCallback((context, _, endpoint) =>
            {
                endpoint.UseMessageRetry(r =>
                {
                    r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(400));
                    r.Ignore<ValidationException>();
                });
                endpoint.UseInMemoryOutbox(context);
            });

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

    /// <summary><c>Sms.Router</c> → <c>router</c>: every service's queues carry its name, so two services never share one.</summary>
    internal static string QueuePrefix(string applicationName)
    {
        var name = applicationName.StartsWith("Sms.", StringComparison.Ordinal) ? applicationName[4..] : applicationName;
        return name.ToLowerInvariant();
    }
}
