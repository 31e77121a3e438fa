using Sms.Outbound.Consumers;

namespace Sms.Outbound.Redelivery;

/// <summary>
/// Another attempt holds the message id's claim and may be calling the carrier right now, so this delivery neither
/// sends nor acknowledges. Thrown so the consumer's retry (<see cref="SmsApprovedConsumerDefinition"/>) looks again
/// later: by then the claim is sent, unknown, or old enough to count as left by a sender that stopped.
/// </summary>
public sealed class SendStillInFlightException(Guid messageId, TimeSpan? age, TimeSpan inFlightLimit)
    : Exception($"SMS {messageId} is claimed by another attempt ({(age is { } a ? $"{a.TotalSeconds:0.#} s ago" : "at an unknown time")}, " +
                $"a send may take up to {inFlightLimit.TotalSeconds:0} s); looking again later.")
{
    public Guid MessageId { get; } = messageId;
}
