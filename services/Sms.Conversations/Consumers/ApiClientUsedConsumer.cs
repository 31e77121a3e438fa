using MassTransit;
using Sms.Contracts.Conversations;
using Sms.Conversations.Data;

namespace Sms.Conversations.Consumers;

/// <summary>A service accepted a client's key: its last-used time moves forward (never back: reports come in any order).</summary>
public sealed class ApiClientUsedConsumer(ApiClientStore store) : IConsumer<ApiClientUsed>
{
    public Task Consume(ConsumeContext<ApiClientUsed> context) =>
        store.RecordUseAsync(context.Message.ClientId, context.Message.UsedAt, context.CancellationToken);
}
