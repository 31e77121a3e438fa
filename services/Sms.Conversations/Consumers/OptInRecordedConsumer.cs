using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Contracts.Compliance;
using Sms.Conversations.Data;
using Sms.ServiceDefaults.Telemetry;
using Sms.Conversations.Extensions;

namespace Sms.Conversations.Consumers;

/// <summary>The contact's consent becomes opted in; the START message that caused it is marked as handled by Compliance.</summary>
public sealed class OptInRecordedConsumer(ThreadProjection projection, ILogger<OptInRecordedConsumer> logger)
    : IConsumer<OptInRecorded>
{
    public async Task Consume(ConsumeContext<OptInRecorded> context)
    {
        var optIn = context.Message;
        if (await projection.RecordConsentAsync(optIn.Number, "opted_in", optIn.Scope, optIn.Source, optIn.RecordedAt, context.CancellationToken))
            logger.ConsentRecorded(Redact.Phone(optIn.Number), "opted_in");
        if (optIn.InboundMessageId is not { } inbound)
        {
            logger.NoInboundMessage(nameof(OptInRecorded));
            return;
        }
        if (await projection.MarkHandledByComplianceAsync(inbound, optIn.Number, optIn.RecordedAt, context.CancellationToken))
            logger.InboundMarked(inbound, "compliance");
        else
            logger.AlreadyStored(nameof(OptInRecorded), inbound.ToString());
    }
}
