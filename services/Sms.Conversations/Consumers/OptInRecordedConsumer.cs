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
/// The contact's consent to the brand becomes opted in for each purpose the event names (every purpose when it names
/// none); the START message that caused it is marked as handled by Compliance.
/// </summary>
public sealed class OptInRecordedConsumer(ThreadProjection projection, WebhookQueue webhooks, ILogger<OptInRecordedConsumer> logger)
    : IConsumer<OptInRecorded>
{
    public async Task Consume(ConsumeContext<OptInRecorded> context)
    {
        var optIn = context.Message;
        var change = ConsentChange.Of(optIn);
        if (await projection.RecordConsentAsync(change, context.CancellationToken))
            logger.ConsentRecorded(Redact.Phone(change.Number), change.Scope, string.Join(',', change.Purposes), change.State);
        // Queued once the consent is stored, before the mark: the STOP's conversation is known by then in the usual case.
        await webhooks.EnqueueAsync(WebhookEvents.Of(optIn), context.CancellationToken);
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
