namespace Sms.Benchmark.Floor;

// The floor's messages, one per message of the platform's conversation path, each carrying only what the next hop
// forwards. The names say which platform message each one stands for.

/// <summary>Stands for InboundSmsReceived (consumed by Compliance and Conversations).</summary>
public sealed record FloorInboundReceived
{
    public required string ProviderMessageId { get; init; }
    public required string Customer { get; init; }
    public required string BusinessNumber { get; init; }
    public required string Text { get; init; }
}

/// <summary>Stands for InboundSmsAccepted (consumed by Router).</summary>
public sealed record FloorInboundAccepted
{
    public required string ProviderMessageId { get; init; }
    public required string Customer { get; init; }
    public required string BusinessNumber { get; init; }
}

/// <summary>Stands for ReplyClassified (consumed by Conversations).</summary>
public sealed record FloorReplyClassified
{
    public required string ProviderMessageId { get; init; }
}

/// <summary>Stands for the automatic response's SendSms (consumed by Compliance).</summary>
public sealed record FloorSendSms
{
    public required string ProviderMessageId { get; init; }
    public required string Customer { get; init; }
    public required string BusinessNumber { get; init; }
}

/// <summary>Stands for SmsApproved (consumed by Outbound).</summary>
public sealed record FloorSmsApproved
{
    public required string ProviderMessageId { get; init; }
    public required string Customer { get; init; }
    public required string BusinessNumber { get; init; }
}

/// <summary>Stands for SmsSent (consumed by Router and Conversations).</summary>
public sealed record FloorSmsSent
{
    public required string ProviderMessageId { get; init; }
}
