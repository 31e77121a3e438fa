namespace Sms.Outbound.Carriers;

/// <summary>
/// One carrier's send API. Implementations turn every answer, and every way the exchange can break, into a
/// <see cref="CarrierSendResult"/>; they throw only when the request was certainly not sent (e.g. cancelled before it).
/// </summary>
public interface ICarrierClient
{
    /// <summary>The name events carry in <c>Provider</c>, e.g. <c>vonage</c>.</summary>
    string Provider { get; }

    /// <summary>The sender used when a request names none.</summary>
    string DefaultSender { get; }

    /// <summary>The account the carrier's per-account rate limit applies to (Vonage: the API key). Not a secret.</summary>
    string Account { get; }

    Task<CarrierSendResult> SendAsync(OutboundSms message, CancellationToken cancellationToken);
}

/// <summary>What goes to the carrier. Numbers are E.164 (<c>+447700900001</c>); the sender may be alphanumeric.</summary>
public sealed record OutboundSms(Guid MessageId, string From, string To, string Text)
{
    /// <summary>How each attempt is held to the recipient's opt-outs (<see cref="OptOuts.OptOutFence"/>); null: not held.</summary>
    public OptOuts.SendFence? Fence { get; init; }

    /// <summary>Pictures to send with the text (Twilio <c>MediaUrl</c>); empty for a plain SMS.</summary>
    public IReadOnlyList<string> MediaUrls { get; init; } = [];

    /// <summary>Told right before each carrier call and after a call that sent nothing; null: not told.</summary>
    public ISendProgress? Progress { get; init; }
}

/// <summary>
/// How far a send got, kept where a redelivery can read it (Outbound's send claim: README, "A send's claim"), so a send
/// stopped before its carrier call is known to have sent nothing.
/// </summary>
public interface ISendProgress
{
    /// <summary>The carrier is about to be called. Throws when it must not be (another attempt now owns the send).</summary>
    Task CallingCarrierAsync();

    /// <summary>The carrier call ended with nothing sent (<see cref="CarrierSendResult.Failed"/>).</summary>
    Task NothingSentAsync();
}

/// <summary>
/// A carrier's refusal. <see cref="Code"/> is the carrier's own code when it gave one. <see cref="Throttled"/>: refused
/// because we send too fast (Vonage status 1, HTTP 429), not because the carrier is failing.
/// </summary>
public sealed record CarrierError(string? Code, string Reason, bool Retryable, bool Throttled = false);

/// <summary>How a send ended, from the sender's point of view.</summary>
public abstract record CarrierSendResult
{
    private CarrierSendResult()
    {
    }

    /// <summary>
    /// The carrier took the message. <paramref name="ProviderMessageIds"/> holds one id per accepted part, in part
    /// order; <paramref name="RejectedParts"/> lists parts it refused in the same answer (normally empty).
    /// </summary>
    public sealed record Accepted(IReadOnlyList<string> ProviderMessageIds, IReadOnlyList<CarrierError> RejectedParts)
        : CarrierSendResult;

    /// <summary>Nothing was sent. <c>Error.Retryable</c>: the same request may succeed later (throttled, outage).</summary>
    public sealed record Failed(CarrierError Error) : CarrierSendResult;

    /// <summary>
    /// The request may have reached the carrier but no usable answer came back (timeout, connection dropped,
    /// unreadable answer). Sending again could deliver the message twice.
    /// </summary>
    public sealed record OutcomeUnknown(string Reason) : CarrierSendResult;
}
