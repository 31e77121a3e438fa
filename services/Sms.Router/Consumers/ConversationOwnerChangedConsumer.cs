using MassTransit;
using Sms.Contracts.Conversations;
using Sms.Router.Data;
using Sms.Router.Extensions;

namespace Sms.Router.Consumers;

/// <summary>
/// Conversations says who owns a conversation now: kept beside the sessions, so the Router's next decision about that
/// customer follows it (README, "Who owns a conversation"). Older and repeated events change nothing.
/// </summary>
public sealed class ConversationOwnerChangedConsumer(OwnershipStore owners, ILogger<ConversationOwnerChangedConsumer> logger)
    : IConsumer<ConversationOwnerChanged>
{
    public async Task Consume(ConsumeContext<ConversationOwnerChanged> context)
    {
        var changed = context.Message;
        var now = await owners.ApplyAsync(changed);
        logger.OwnerChanged(changed.ConversationId, now.Owner.ToString(), now.Version, changed.Reason.ToString());
    }
}
