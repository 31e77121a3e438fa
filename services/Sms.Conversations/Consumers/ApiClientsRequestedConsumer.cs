using MassTransit;
using Sms.Contracts.Conversations;
using Sms.Conversations.Background;

namespace Sms.Conversations.Consumers;

/// <summary>A service instance started and has no list of API clients: everyone gets the current one.</summary>
public sealed class ApiClientsRequestedConsumer(ApiClientsPublisher publisher) : IConsumer<ApiClientsRequested>
{
    public Task Consume(ConsumeContext<ApiClientsRequested> context) => publisher.PublishNowAsync(context, context.CancellationToken);
}
