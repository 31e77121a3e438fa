using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.Contracts.Routing;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Campaigns.Consumers;

/// <summary>A conversation handed to a person within <c>Campaigns:ReplyWindowHours</c> of a campaign message counts as that campaign's agent hand-off (the message sent to the number most recently).</summary>
public sealed class ConversationEscalatedConsumer(RecipientResults results, IOptions<CampaignsOptions> options, ILogger<ConversationEscalatedConsumer> logger)
    : IConsumer<ConversationEscalated>
{
    public async Task Consume(ConsumeContext<ConversationEscalated> context)
    {
        var m = context.Message;
        if (await results.RecordAttributedAsync(AttributedColumn.HandedOff, m.CustomerNumber, m.EscalatedAt, options.Value.ReplyWindow, flowName: null, context.CancellationToken))
            logger.ResultAttributed(nameof(ConversationEscalated), Redact.Phone(m.CustomerNumber));
    }
}
