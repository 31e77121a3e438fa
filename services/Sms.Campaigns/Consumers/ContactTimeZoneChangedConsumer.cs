using MassTransit;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.Contracts.Compliance;

namespace Sms.Campaigns.Consumers;

/// <summary>A contact's own zone was set or cleared: a local-time schedule uses it before the zone of the number's prefix.</summary>
public sealed class ContactTimeZoneChangedConsumer(ContactProjection projection, ILogger<ContactTimeZoneChangedConsumer> logger)
    : IConsumer<ContactTimeZoneChanged>
{
    public async Task Consume(ConsumeContext<ContactTimeZoneChanged> context) =>
        logger.Applied(nameof(ContactTimeZoneChanged), context.Message.Number, await projection.ApplyAsync(context.Message, context.CancellationToken));
}
