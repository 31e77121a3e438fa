using MassTransit;

namespace Sms.Benchmark.Floor;

// Consumers that only forward: the same broker deliveries per conversation as the platform (8: 4 on the critical
// path, 4 beside it), with no decision, no Redis and no PostgreSQL.

/// <summary>Hop 1 (Compliance's InboundSmsReceived): forwards.</summary>
public sealed class FloorComplianceInboundConsumer : IConsumer<FloorInboundReceived>
{
    public Task Consume(ConsumeContext<FloorInboundReceived> context) =>
        context.Publish(new FloorInboundAccepted
        {
            ProviderMessageId = context.Message.ProviderMessageId,
            Customer = context.Message.Customer,
            BusinessNumber = context.Message.BusinessNumber,
        }, context.CancellationToken);
}

/// <summary>Beside the path (Conversations' InboundSmsReceived): takes the message.</summary>
public sealed class FloorConversationsInboundConsumer : IConsumer<FloorInboundReceived>
{
    public Task Consume(ConsumeContext<FloorInboundReceived> context) => Task.CompletedTask;
}

/// <summary>Hop 2 (Router's InboundSmsAccepted): publishes the classification and the automatic response.</summary>
public sealed class FloorRouterConsumer : IConsumer<FloorInboundAccepted>
{
    public Task Consume(ConsumeContext<FloorInboundAccepted> context) => Task.WhenAll(
        context.Publish(new FloorReplyClassified { ProviderMessageId = context.Message.ProviderMessageId }, context.CancellationToken),
        context.Publish(new FloorSendSms
        {
            ProviderMessageId = context.Message.ProviderMessageId,
            Customer = context.Message.Customer,
            BusinessNumber = context.Message.BusinessNumber,
        }, context.CancellationToken));
}

/// <summary>Beside the path (Conversations' ReplyClassified): takes the message.</summary>
public sealed class FloorConversationsClassifiedConsumer : IConsumer<FloorReplyClassified>
{
    public Task Consume(ConsumeContext<FloorReplyClassified> context) => Task.CompletedTask;
}

/// <summary>Hop 3 (Compliance's SendSms): forwards.</summary>
public sealed class FloorComplianceSendConsumer : IConsumer<FloorSendSms>
{
    public Task Consume(ConsumeContext<FloorSendSms> context) =>
        context.Publish(new FloorSmsApproved
        {
            ProviderMessageId = context.Message.ProviderMessageId,
            Customer = context.Message.Customer,
            BusinessNumber = context.Message.BusinessNumber,
        }, context.CancellationToken);
}

/// <summary>Hop 4 (Outbound's SmsApproved): posts to the carrier, then publishes that it was sent.</summary>
public sealed class FloorOutboundConsumer(FloorCarrierClient carrier) : IConsumer<FloorSmsApproved>
{
    public async Task Consume(ConsumeContext<FloorSmsApproved> context)
    {
        await carrier.SendAsync(context.Message, context.CancellationToken);
        await context.Publish(new FloorSmsSent { ProviderMessageId = context.Message.ProviderMessageId }, context.CancellationToken);
    }
}

/// <summary>Beside the path (Router's SmsSent): takes the message.</summary>
public sealed class FloorRouterSentConsumer : IConsumer<FloorSmsSent>
{
    public Task Consume(ConsumeContext<FloorSmsSent> context) => Task.CompletedTask;
}

/// <summary>Beside the path (Conversations' SmsSent): takes the message.</summary>
public sealed class FloorConversationsSentConsumer : IConsumer<FloorSmsSent>
{
    public Task Consume(ConsumeContext<FloorSmsSent> context) => Task.CompletedTask;
}
