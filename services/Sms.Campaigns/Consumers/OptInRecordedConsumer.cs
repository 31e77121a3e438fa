using MassTransit;
using Sms.Campaigns.Contacts;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.Contracts.Compliance;

namespace Sms.Campaigns.Consumers;

/// <summary>An opt-in Compliance recorded, per scope and purpose: segments by consent read it.</summary>
public sealed class OptInRecordedConsumer(ContactProjection projection, ILogger<OptInRecordedConsumer> logger) : IConsumer<OptInRecorded>
{
    public async Task Consume(ConsumeContext<OptInRecorded> context) =>
        logger.Applied(nameof(OptInRecorded), context.Message.Number,
            await projection.ApplyAsync(ConsentChange.Of(context.Message), context.CancellationToken));
}
