using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Contracts.Compliance;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;

namespace Sms.Conversations.Consumers;

/// <summary>A HELP message was answered by Compliance: the thread shows it as handled by compliance, like STOP and START.</summary>
public sealed class HelpRequestedConsumer(ThreadProjection projection, ILogger<HelpRequestedConsumer> logger)
    : IConsumer<HelpRequested>
{
    public async Task Consume(ConsumeContext<HelpRequested> context)
    {
        var help = context.Message;
        if (await projection.MarkHandledByComplianceAsync(help.InboundMessageId, help.Number, help.RequestedAt, context.CancellationToken))
            logger.InboundMarked(help.InboundMessageId, "compliance");
        else
            logger.AlreadyStored(nameof(HelpRequested), help.InboundMessageId.ToString());
    }
}
