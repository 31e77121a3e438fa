using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.Contracts.Inbound;
using Sms.ServiceDefaults.Messaging;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Campaigns.Consumers;

/// <summary>
/// A customer's message does two things here: it moves the contact's last reply (segments by last reply), and it is the
/// reply to the campaign message sent to the number most recently, within <c>Campaigns:ReplyWindowHours</c> (the first
/// reply counts, later ones change nothing). Both writes keep the newest, so a redelivered batch changes nothing.
/// One comes with every message, so they are written in batches.
/// </summary>
public sealed class InboundSmsReceivedConsumer(
    ContactProjection projection, RecipientResults results, IOptions<CampaignsOptions> options, ILogger<InboundSmsReceivedConsumer> logger)
    : IConsumer<Batch<InboundSmsReceived>>
{
    public async Task Consume(ConsumeContext<Batch<InboundSmsReceived>> context)
    {
        var messages = context.Message.Select(m => m.Message).ToList();
        var moved = await projection.RecordInboundAsync(messages.Select(m => (m.From, m.ReceivedAt)), context.CancellationToken);
        logger.InboundRecorded(messages.Count, moved);
        var replied = await results.RecordRepliesAsync(messages, options.Value.ReplyWindow, context.CancellationToken);
        for (var i = 0; i < messages.Count; i++)
            if (replied[i]) logger.ResultAttributed("Reply", Redact.Phone(messages[i].From));
    }
}

public sealed class InboundSmsReceivedConsumerDefinition : WrittenInBatches<InboundSmsReceivedConsumer>;
