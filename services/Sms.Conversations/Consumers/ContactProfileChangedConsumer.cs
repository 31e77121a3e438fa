using MassTransit;
using Sms.Contracts.Routing;
using Sms.Conversations.Data;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Conversations.Consumers;

/// <summary>Automation learned something about the customer: labels and engagement points join the contact, once per change.</summary>
public sealed class ContactProfileChangedConsumer(ConversationStore store, ILogger<ContactProfileChangedConsumer> logger)
    : IConsumer<ContactProfileChanged>
{
    public async Task Consume(ConsumeContext<ContactProfileChanged> context)
    {
        var change = context.Message;
        if (await store.ApplyProfileChangeAsync(change, context.CancellationToken))
            logger.ProfileChanged(Redact.Phone(change.CustomerNumber), change.ChangeId);
        else
            logger.AlreadyStored(nameof(ContactProfileChanged), change.ChangeId.ToString());
    }
}
