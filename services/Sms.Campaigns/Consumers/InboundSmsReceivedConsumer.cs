using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.Contracts.Inbound;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Campaigns.Consumers;

/// <summary>
/// A customer's message is the reply to the campaign message sent to the number most recently, within
/// <c>Campaigns:ReplyWindowHours</c>; the first reply counts, the later ones change nothing.
/// </summary>
public sealed class InboundSmsReceivedConsumer(RecipientResults results, IOptions<CampaignsOptions> options, ILogger<InboundSmsReceivedConsumer> logger)
    : IConsumer<Batch<InboundSmsReceived>>
{
    public async Task Consume(ConsumeContext<Batch<InboundSmsReceived>> context)
    {
        var messages = context.Message.Select(m => m.Message).ToList();
        var changed = await results.RecordRepliesAsync(messages, options.Value.ReplyWindow, context.CancellationToken);
        for (var i = 0; i < messages.Count; i++)
            if (changed[i]) logger.ResultAttributed("Reply", Redact.Phone(messages[i].From));
    }
}

public sealed class InboundSmsReceivedConsumerDefinition : WrittenInBatches<InboundSmsReceivedConsumer>;
