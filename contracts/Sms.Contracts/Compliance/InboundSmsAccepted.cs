using Sms.Contracts.Inbound;

namespace Sms.Contracts.Compliance;

/// <summary>
/// Event: an inbound message is not a compliance keyword and goes on to routing.
/// Keyword messages (STOP, START, HELP) never produce this event.
/// </summary>
public sealed record InboundSmsAccepted
{
    /// <summary>The message as received; <c>Message.MessageId</c> is the business key.</summary>
    public required InboundSmsReceived Message { get; init; }

    public required DateTimeOffset AcceptedAt { get; init; }
}
