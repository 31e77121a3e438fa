using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Contracts.Compliance;
using Sms.Conversations.Data;
using Sms.ServiceDefaults.Telemetry;
using Sms.Conversations.Extensions;

namespace Sms.Conversations.Consumers;

/// <summary>The contact's consent becomes opted out; the STOP message that caused it is marked as handled by Compliance.</summary>
public sealed class OptOutRecordedConsumer(ThreadProjection projection, ILogger<OptOutRecordedConsumer> logger)
    : IConsumer<OptOutRecorded>
{
    public async Task Consume(ConsumeContext<OptOutRecorded> context)
    {
        var optOut = context.Message;
        if (await projection.RecordConsentAsync(optOut.Number, "opted_out", optOut.Scope, optOut.Source, optOut.RecordedAt, context.CancellationToken))
            logger.ConsentRecorded(Redact.Phone(optOut.Number), "opted_out");
        if (optOut.InboundMessageId is not { } inbound)
        {
            logger.NoInboundMessage(nameof(OptOutRecorded)); // e.g. an opt-out imported or recorded by an agent
            return;
        }
        if (await projection.MarkHandledByComplianceAsync(inbound, optOut.Number, optOut.RecordedAt, context.CancellationToken))
            logger.InboundMarked(inbound, "compliance");
        else
            logger.AlreadyStored(nameof(OptOutRecorded), inbound.ToString());
    }
}
