using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Contracts.Compliance;
using Sms.Conversations.Consent;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;
using Sms.Conversations.Webhooks;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Conversations.Consumers;

/// <summary>
/// The contact's consent to the brand becomes opted out for each purpose the event names (every purpose when it names
/// none); the STOP message that caused it is marked as handled by Compliance.
/// </summary>
public sealed class OptOutRecordedConsumer(ThreadProjection projection, WebhookQueue webhooks, ILogger<OptOutRecordedConsumer> logger)
    : IConsumer<OptOutRecorded>
{
    public async Task Consume(ConsumeContext<OptOutRecorded> context)
    {
        var optOut = context.Message;
        var change = ConsentChange.Of(optOut);
        if (await projection.RecordConsentAsync(change, context.CancellationToken))
            logger.ConsentRecorded(Redact.Phone(change.Number), change.Scope, string.Join(',', change.Purposes), change.State);
        // Queued once the consent is stored, before the mark: the STOP's conversation is known by then in the usual case.
        await webhooks.EnqueueAsync(WebhookEvents.Of(optOut), context.CancellationToken);
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
