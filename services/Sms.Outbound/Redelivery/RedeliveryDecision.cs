using Sms.Outbound.Data;

namespace Sms.Outbound.Redelivery;

/// <summary>What a delivery of <c>SmsApproved</c> does when another attempt already claimed the message id.</summary>
public enum RedeliveryAction
{
    /// <summary>The message was sent: publish its <c>SmsSent</c> again (the first one may have been lost); do not send.</summary>
    ReportSentAgain,

    /// <summary>Its outcome is unknown and was reported: publish that <c>SmsSendFailed</c> again; do not send.</summary>
    ReportUnknownAgain,

    /// <summary>Another attempt may be calling the carrier right now: neither send nor acknowledge; look again later.</summary>
    LookAgainLater,

    /// <summary>
    /// The attempt holding the claim has been at it longer than a send may take: it stopped mid-call. Mark the claim
    /// "outcome unknown" and report <c>SmsSendFailed</c> (retryable); do not send, it may have gone out.
    /// </summary>
    MarkOutcomeUnknown,

    /// <summary>
    /// The attempt holding the claim never called the carrier and has been at it longer than a send may take: it
    /// stopped before the call (e.g. Redis failed after the claim and the claim could not be given back). Take the claim
    /// over and send: nothing went out.
    /// </summary>
    TakeOver,
}

/// <summary>Decides what a delivery does with a claim it found (state, age, time limit). Pure.</summary>
public static class RedeliveryDecision
{
    /// <summary>
    /// How long a claim may stay in flight while its sender still runs: the whole send's time limit
    /// (<c>Outbound:Resilience:TotalTimeoutSeconds</c>) plus a margin (<c>Outbound:SendClaims:InFlightMarginSeconds</c>).
    /// </summary>
    public static TimeSpan InFlightLimit(int totalTimeoutSeconds, int marginSeconds) =>
        TimeSpan.FromSeconds(totalTimeoutSeconds) + TimeSpan.FromSeconds(marginSeconds);

    /// <param name="age">How long ago the claim was taken; null when that cannot be told (counted as too old).</param>
    public static RedeliveryAction Decide(ClaimStatus status, TimeSpan? age, TimeSpan inFlightLimit) => status switch
    {
        ClaimStatus.Sent => RedeliveryAction.ReportSentAgain,
        ClaimStatus.OutcomeUnknown => RedeliveryAction.ReportUnknownAgain,
        // Taking over is safe at any age (the holder cannot call the carrier once its claim is gone), but a holder
        // still waiting for a send slot would then lose its claim to a duplicate delivery and look again in turn.
        ClaimStatus.Reserved when age is { } waiting && waiting <= inFlightLimit => RedeliveryAction.LookAgainLater,
        ClaimStatus.Reserved => RedeliveryAction.TakeOver,
        // A negative age (the other instance's clock is ahead of ours) is a claim just taken.
        ClaimStatus.InFlight when age is { } known && known <= inFlightLimit => RedeliveryAction.LookAgainLater,
        ClaimStatus.InFlight => RedeliveryAction.MarkOutcomeUnknown,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown claim status."),
    };

    /// <summary>
    /// How many times a delivery looks again, <paramref name="recheck"/> apart, so that the last look comes after the
    /// claim it found can no longer be in flight: it then ends sent, unknown, or marked unknown, never in the error queue.
    /// </summary>
    public static int LooksNeeded(TimeSpan inFlightLimit, TimeSpan recheck) =>
        (int)Math.Min(10_000, Math.Ceiling(inFlightLimit / recheck) + 1);

    /// <summary>The <c>SmsSendFailed</c> reason for a claim left in flight by a sender that stopped.</summary>
    public static string StoppedMidCallReason(TimeSpan? age, TimeSpan inFlightLimit) => age is { } known
        ? $"Outcome unknown: the sender stopped mid-call (its claim is {known.TotalSeconds:0} s old, more than the " +
          $"{inFlightLimit.TotalSeconds:0} s a send may take); the message may or may not have been sent, so it was not retried automatically."
        : "Outcome unknown: the sender stopped mid-call (its claim has no readable time); the message may or may not have been sent, " +
          "so it was not retried automatically.";
}
