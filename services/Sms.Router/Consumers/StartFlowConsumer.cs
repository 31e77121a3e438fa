using MassTransit;
using Sms.Contracts.Routing;
using Sms.Router.Extensions;
using Sms.Router.Flows;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Router.Consumers;

/// <summary>
/// Starts a run of a configured flow: sends its first step as a prompt, whose <c>SmsSent</c> opens the session the
/// customer's reply answers. The prompt's id derives from the run id, so a repeated command sends it once. A command
/// naming an unknown flow fails without retries and waits in the <c>_error</c> queue.
/// </summary>
public sealed class StartFlowConsumer(FlowEngine engine, ILogger<StartFlowConsumer> logger) : IConsumer<StartFlow>
{
    public async Task Consume(ConsumeContext<StartFlow> context)
    {
        var command = context.Message;
        var prompt = engine.Start(command);
        await context.Publish(prompt, context.CancellationToken);
        RouterMetrics.FlowSteps.Add(1, new KeyValuePair<string, object?>("flow", command.FlowName), new KeyValuePair<string, object?>("outcome", "started"));
        logger.FlowStarted(command.FlowName, command.FlowRunId, Redact.Phone(command.CustomerNumber), prompt.Prompt!.Context[FlowRun.StepKey], prompt.MessageId);
    }
}
