using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sms.Campaigns.Campaigns;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.Contracts.Routing;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Campaigns.Consumers;

/// <summary>
/// A completed flow (the Router's profile change with the reason <c>flow_completed:{flow}</c>) counts for the latest
/// campaign that started that flow for the number, within <c>Campaigns:ReplyWindowHours</c>. Other changes change nothing here.
/// </summary>
public sealed class ContactProfileChangedConsumer(RecipientResults results, IOptions<CampaignsOptions> options, ILogger<ContactProfileChangedConsumer> logger)
    : IConsumer<ContactProfileChanged>
{
    public async Task Consume(ConsumeContext<ContactProfileChanged> context)
    {
        var m = context.Message;
        if (FlowCompletion.FlowName(m) is not { } flow) return;
        if (await results.RecordAttributedAsync(AttributedColumn.FlowCompleted, m.CustomerNumber, m.ChangedAt, options.Value.ReplyWindow, flow, context.CancellationToken))
            logger.ResultAttributed("Flow completion", Redact.Phone(m.CustomerNumber));
    }
}
