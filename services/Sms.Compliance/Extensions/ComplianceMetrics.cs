using System.Diagnostics.Metrics;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Compliance.Extensions;

public static class ComplianceMetrics
{
    /// <summary>Sends decided, tagged <c>outcome</c> (approved, suppressed) and <c>reason</c>.</summary>
    public static readonly Counter<long> SendDecisions = SmsTelemetry.Meter.CreateCounter<long>(
        "sms.compliance.send_decisions", description: "Sends approved or suppressed by compliance");

    /// <summary>Inbound messages classified, tagged <c>intent</c> (none, opt_out, opt_in, help).</summary>
    public static readonly Counter<long> InboundClassified = SmsTelemetry.Meter.CreateCounter<long>(
        "sms.compliance.inbound_classified", description: "Inbound messages by compliance keyword intent");
}
