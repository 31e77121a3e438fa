using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.Contracts.Compliance;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Campaigns.Consumers;

/// <summary>An opt-out within <c>Campaigns:ReplyWindowHours</c> of a campaign message counts as that campaign's (the message sent to the number most recently).</summary>
public sealed class OptOutRecordedConsumer(RecipientResults results, IOptions<CampaignsOptions> options, ILogger<OptOutRecordedConsumer> logger)
    : IConsumer<OptOutRecorded>
{
    public async Task Consume(ConsumeContext<OptOutRecorded> context)
    {
        var m = context.Message;
        if (await results.RecordAttributedAsync(AttributedColumn.OptedOut, m.Number, m.RecordedAt, options.Value.ReplyWindow, flowName: null, context.CancellationToken))
            logger.ResultAttributed(nameof(OptOutRecorded), Redact.Phone(m.Number));
    }
}
