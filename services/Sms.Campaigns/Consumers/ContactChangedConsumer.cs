using MassTransit;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.Contracts.Conversations;

namespace Sms.Campaigns.Consumers;

/// <summary>The inbox's snapshot of a contact (name, labels, attributes, score) replaces an older one.</summary>
public sealed class ContactChangedConsumer(ContactProjection projection, ILogger<ContactChangedConsumer> logger) : IConsumer<ContactChanged>
{
    public async Task Consume(ConsumeContext<ContactChanged> context) =>
        logger.Applied(nameof(ContactChanged), context.Message.Number, await projection.ApplyAsync(context.Message, context.CancellationToken));
}
