using System.Diagnostics.Metrics;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Router.Extensions;

public static class RouterMetrics
{
    public static readonly Counter<long> SessionsOpened =
        SmsTelemetry.Meter.CreateCounter<long>("sms.router.sessions.opened", description: "Conversation sessions opened by prompts sent");

    public static readonly Counter<long> Replies =
        SmsTelemetry.Meter.CreateCounter<long>("sms.router.replies", description: "Customer replies routed, by outcome");

    public static readonly Counter<long> SessionsExpired =
        SmsTelemetry.Meter.CreateCounter<long>("sms.router.sessions.expired", description: "Sessions announced as expired unanswered");

    public static readonly Counter<long> FlowSteps =
        SmsTelemetry.Meter.CreateCounter<long>("sms.router.flow.steps", description: "Flow runs started, steps answered and steps timed out, by flow and outcome");
}
