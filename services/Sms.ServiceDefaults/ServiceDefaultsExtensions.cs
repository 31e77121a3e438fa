using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sms.ServiceDefaults.Health;
using Sms.ServiceDefaults.Security;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// Telemetry (traces, metrics, logs; OTLP when configured), the liveness check every service has, and the refusal to
    /// start outside Development with a shipped development secret (<see cref="DevelopmentSecrets"/>).
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DevelopmentSecretsGuard>().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DevelopmentSecretsGuard>, DevelopmentSecretsGuard.Validation>();
        builder.AddSmsTelemetry();
        // The web server (and /health/live) starts beside the bus, not after it: with a backlog in its queues, the
        // endpoints that start first consume at once and the others' start waits behind that work, so a service whose
        // HTTP waited for the whole bus answered nothing for 17-22 s. /health/ready still waits for the bus.
        builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), tags: [HealthTags.Live]);
        return builder;
    }

    /// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (its real dependencies answer).</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthEndpoints();
        return app;
    }
}
