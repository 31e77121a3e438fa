using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Sms.ServiceDefaults.Telemetry;

/// <summary>The platform's own activity source and meter; services add counters to <see cref="Meter"/>.</summary>
public static class SmsTelemetry
{
    public const string SourceName = "Sms.Platform";

    public static readonly ActivitySource ActivitySource = new(SourceName);

    public static readonly Meter Meter = new(SourceName);
}
