using MassTransit;
using Sms.Contracts.Routing;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;
using Sms.ServiceDefaults.Messaging;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Conversations.Consumers;

/// <summary>Automation learned something about the customer: labels and engagement points join the contact, once per change.</summary>
public sealed class ContactProfileChangedConsumer(ThreadProjection projection, ILogger<ContactProfileChangedConsumer> logger)
    : IConsumer<Batch<ContactProfileChanged>>
{
    public async Task Consume(ConsumeContext<Batch<ContactProfileChanged>> context)
    {
        var changes = context.Message.Select(m => m.Message).ToList();
        var applied = await WrittenInBatches.StoreAsync(context, projection.ApplyProfileChangeAsync, nameof(ContactProfileChangedConsumer), logger);
        for (var i = 0; i < changes.Count; i++)
        {
            if (applied[i])
                logger.ProfileChanged(Redact.Phone(changes[i].CustomerNumber), changes[i].ChangeId);
            else
                logger.AlreadyStored(nameof(ContactProfileChanged), changes[i].ChangeId.ToString());
        }
    }
}

public sealed class ContactProfileChangedConsumerDefinition : WrittenInBatches<ContactProfileChangedConsumer>;
