using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Sms.ServiceDefaults.Telemetry;

internal static class TelemetryExtensions
{
    /// <summary>MassTransit's activity source and meter name.</summary>
    private const string MassTransitSource = "MassTransit";

    public static void AddSmsTelemetry(this IHostApplicationBuilder builder)
    {
        var exporting = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        // Log records go to OpenTelemetry only when something exports them: building one per log line costs CPU.
        if (exporting)
        {
            builder.Logging.AddOpenTelemetry(logging =>
            {
                logging.IncludeFormattedMessage = true;
                logging.IncludeScopes = true;
            });
        }

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithTracing(tracing => tracing
                // Without an exporter, only traces a caller asked to sample (traceparent flag 01) are recorded, so
                // they still cross HTTP and the bus; the platform's own work starts no recorded trace.
                .SetSampler(new ParentBasedSampler(exporting ? new AlwaysOnSampler() : new AlwaysOffSampler()))
                .AddSource(MassTransitSource)
                .AddSource(SmsTelemetry.SourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = IsNotHealthProbe)
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddMeter(MassTransitSource)
                .AddMeter(SmsTelemetry.SourceName)
                .AddMeter("Npgsql")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());

        // Exported only when an OTLP endpoint is configured; silent otherwise.
        if (exporting)
            otel.UseOtlpExporter();
    }

    private static bool IsNotHealthProbe(HttpContext context) =>
        !context.Request.Path.StartsWithSegments("/health");
}
