using Sms.Contracts.Outbound;

namespace Sms.Contracts.Compliance;

/// <summary>
/// Event: Compliance holds this send until the recipient's quiet hours end; at <see cref="DeferredUntil"/> it is
/// decided again (consent included) and then approved or suppressed.
/// </summary>
public sealed record SmsDeferred
{
    public required SendSms Request { get; init; }

    /// <summary>The next moment the recipient may be sent this category of message.</summary>
    public required DateTimeOffset DeferredUntil { get; init; }

    /// <summary>A sentence for people reading the thread or the logs.</summary>
    public required string Detail { get; init; }

    public required DateTimeOffset DeferredAt { get; init; }
}
