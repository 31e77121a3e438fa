using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sms.Campaigns.Contacts;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.Contracts.Compliance;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Campaigns.Consumers;

/// <summary>
/// An opt-out Compliance recorded does two things here: segments by consent leave the contact out (per scope and
/// purpose; Compliance still decides every send, this keeps a campaign's count and dry run from planning sends it would
/// then suppress), and an opt-out within <c>Campaigns:ReplyWindowHours</c> of a campaign message counts as that
/// campaign's (the message sent to the number most recently).
/// </summary>
public sealed class OptOutRecordedConsumer(
    ContactProjection projection, RecipientResults results, IOptions<CampaignsOptions> options, ILogger<OptOutRecordedConsumer> logger)
    : IConsumer<OptOutRecorded>
{
    public async Task Consume(ConsumeContext<OptOutRecorded> context)
    {
        var m = context.Message;
        logger.Applied(nameof(OptOutRecorded), m.Number, await projection.ApplyAsync(ConsentChange.Of(m), context.CancellationToken));
        if (await results.RecordAttributedAsync(AttributedColumn.OptedOut, m.Number, m.RecordedAt, options.Value.ReplyWindow, flowName: null, context.CancellationToken))
            logger.ResultAttributed(nameof(OptOutRecorded), Redact.Phone(m.Number));
    }
}
