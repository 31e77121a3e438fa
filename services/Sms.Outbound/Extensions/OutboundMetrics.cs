using System.Diagnostics;
using System.Diagnostics.Metrics;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Outbound.Extensions;

/// <summary>Counters on the platform meter: messages and parts handed to carriers, and sends that failed.</summary>
internal static class OutboundMetrics
{
    private static readonly Counter<long> Sent = SmsTelemetry.Meter.CreateCounter<long>(
        "sms.outbound.sent", unit: "{message}", description: "Messages a carrier accepted");

    private static readonly Counter<long> Segments = SmsTelemetry.Meter.CreateCounter<long>(
        "sms.outbound.segments", unit: "{segment}", description: "SMS parts of the messages a carrier accepted");

    private static readonly Counter<long> Failed = SmsTelemetry.Meter.CreateCounter<long>(
        "sms.outbound.failed", unit: "{message}", description: "Sends that did not succeed, by outcome (refused, unavailable, unknown, withheld)");

    private static readonly Counter<long> RateLimited = SmsTelemetry.Meter.CreateCounter<long>(
        "sms.outbound.rate_limited", unit: "{send}",
        description: "Sends that had to wait for a rate-limit slot (waited) or gave up waiting (gave_up)");

    public static void RecordRateLimited(string outcome) => RateLimited.Add(1, new TagList { { "outcome", outcome } });

    public static void RecordSent(string provider, string encoding, int segments)
    {
        var tags = new TagList { { "provider", provider }, { "encoding", encoding } };
        Sent.Add(1, tags);
        Segments.Add(segments, tags);
    }

    public static void RecordFailed(string provider, string outcome) =>
        Failed.Add(1, new TagList { { "provider", provider }, { "outcome", outcome } });
}
