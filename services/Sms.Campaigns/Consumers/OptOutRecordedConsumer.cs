using MassTransit;
using Sms.Campaigns.Contacts;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.Contracts.Compliance;

namespace Sms.Campaigns.Consumers;

/// <summary>
/// An opt-out Compliance recorded, per scope and purpose: segments by consent leave the contact out. Compliance still
/// decides every send; this keeps a campaign's count and dry run from planning sends it would then suppress.
/// </summary>
public sealed class OptOutRecordedConsumer(ContactProjection projection, ILogger<OptOutRecordedConsumer> logger) : IConsumer<OptOutRecorded>
{
    public async Task Consume(ConsumeContext<OptOutRecorded> context) =>
        logger.Applied(nameof(OptOutRecorded), context.Message.Number,
            await projection.ApplyAsync(ConsentChange.Of(context.Message), context.CancellationToken));
}
