using Sms.Contracts.Compliance;

namespace Sms.Compliance.Consent;

/// <summary>What deciding a review does besides changing its status.</summary>
public enum ReviewAction
{
    /// <summary>Nothing: the decision did not apply.</summary>
    None,

    /// <summary>Record the opt-out the customer asked for and confirm it to them.</summary>
    RecordOptOut,

    /// <summary>Take back the opt-out a confirmation recorded (restoring what it revoked); marketing is held again.</summary>
    RevertOptOut,

    /// <summary>Release the marketing held for the review: it is decided again at once.</summary>
    ReleaseHeld,

    /// <summary>The review waits again: hold the number's marketing again.</summary>
    HoldAgain,
}

/// <summary>A decision's effect: whether it applied, the review's status after it, and what else to do.</summary>
public sealed record ReviewOutcome(bool Applied, ConsentReviewStatus Status, ReviewAction Action);

/// <summary>
/// How a review moves (pure). A pending review is confirmed (the number opts out) or dismissed (its held marketing
/// goes out); a decided one can be undone, back to pending (a confirmation's opt-out reverted). Any other decision,
/// such as confirming twice or undoing a pending review, changes nothing and is recorded as not applied.
/// <code>
///   pending --confirm--> confirmed --undo--> pending
///   pending --dismiss--> dismissed --undo--> pending
/// </code>
/// </summary>
public static class ConsentReviewRules
{
    public static ReviewOutcome Decide(ConsentReviewStatus status, ConsentReviewDecision decision) => (status, decision) switch
    {
        (ConsentReviewStatus.Pending, ConsentReviewDecision.Confirm) => new(true, ConsentReviewStatus.Confirmed, ReviewAction.RecordOptOut),
        (ConsentReviewStatus.Pending, ConsentReviewDecision.Dismiss) => new(true, ConsentReviewStatus.Dismissed, ReviewAction.ReleaseHeld),
        (ConsentReviewStatus.Confirmed, ConsentReviewDecision.Undo) => new(true, ConsentReviewStatus.Pending, ReviewAction.RevertOptOut),
        (ConsentReviewStatus.Dismissed, ConsentReviewDecision.Undo) => new(true, ConsentReviewStatus.Pending, ReviewAction.HoldAgain),
        _ => new(false, status, ReviewAction.None),
    };

    public static string Code(ConsentReviewStatus status) => status switch
    {
        ConsentReviewStatus.Pending => "pending",
        ConsentReviewStatus.Confirmed => "confirmed",
        ConsentReviewStatus.Dismissed => "dismissed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string Code(ConsentReviewDecision decision) => decision switch
    {
        ConsentReviewDecision.Confirm => "confirm",
        ConsentReviewDecision.Dismiss => "dismiss",
        ConsentReviewDecision.Undo => "undo",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, null),
    };

    public static ConsentReviewStatus StatusFrom(string code) => code switch
    {
        "pending" => ConsentReviewStatus.Pending,
        "confirmed" => ConsentReviewStatus.Confirmed,
        "dismissed" => ConsentReviewStatus.Dismissed,
        _ => throw new InvalidOperationException($"Unknown review status '{code}'."),
    };
}
