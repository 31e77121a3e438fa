namespace Sms.Contracts.Compliance;

/// <summary>
/// Event: Compliance read an inbound message as maybe a request to stop (a score between the review and the opt-out
/// thresholds) and asks a person to decide. Until the review is decided, marketing to the number in
/// <see cref="Scope"/> is held; the message itself goes on to routing like any other.
/// </summary>
public sealed record ConsentReviewRequested
{
    /// <summary>The review's id, derived from the inbound message: the same message never opens two reviews.</summary>
    public required Guid ReviewId { get; init; }

    /// <summary>The customer's number, E.164.</summary>
    public required string Number { get; init; }

    /// <summary>The brand (consent scope) the customer wrote to.</summary>
    public required string Scope { get; init; }

    /// <summary>Our number the customer wrote to.</summary>
    public required string BusinessNumber { get; init; }

    /// <summary>The message read; its text is in the conversation's thread.</summary>
    public required Guid InboundMessageId { get; init; }

    /// <summary>How sure the recogniser was, 0..1.</summary>
    public required double Score { get; init; }

    /// <summary>The language the reading matched in (en, es, …), when it matched one.</summary>
    public string? Language { get; init; }

    /// <summary>The rule that fired, e.g. <c>recogniser:en:verb=stop+object=texts</c>.</summary>
    public required string Rule { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }
}

/// <summary>What a person decides about a review.</summary>
public enum ConsentReviewDecision
{
    /// <summary>It is a request to stop: the number is opted out and the opt-out confirmed to the customer.</summary>
    Confirm,

    /// <summary>It is not: held marketing goes out again.</summary>
    Dismiss,

    /// <summary>Takes back the last decision: the review waits again (an opt-out it confirmed is reverted).</summary>
    Undo,
}

/// <summary>Where a review stands.</summary>
public enum ConsentReviewStatus
{
    Pending,
    Confirmed,
    Dismissed,
}

/// <summary>
/// Command to Compliance: an agent decides a review. The same <see cref="RequestId"/> twice decides once. A decision
/// that does not apply (confirming a confirmed review, undoing a pending one) changes nothing and is answered with the
/// review's status as it is.
/// </summary>
public sealed record DecideConsentReview
{
    /// <summary>The request's id: the idempotency key.</summary>
    public required Guid RequestId { get; init; }

    public required Guid ReviewId { get; init; }

    public required ConsentReviewDecision Decision { get; init; }

    /// <summary>Who decided, e.g. the agent's user name; recorded as evidence.</summary>
    public required string DecidedBy { get; init; }

    public required DateTimeOffset DecidedAt { get; init; }
}

/// <summary>Event: a review's status after a decision (<see cref="DecideConsentReview"/>), recorded with who made it.</summary>
public sealed record ConsentReviewDecided
{
    public required Guid ReviewId { get; init; }

    /// <summary>The command this answers.</summary>
    public required Guid RequestId { get; init; }

    public required string Number { get; init; }

    public required string Scope { get; init; }

    public required ConsentReviewDecision Decision { get; init; }

    /// <summary>The review's status now.</summary>
    public required ConsentReviewStatus Status { get; init; }

    /// <summary>False when the decision did not apply and changed nothing.</summary>
    public required bool Applied { get; init; }

    public required string DecidedBy { get; init; }

    public required DateTimeOffset DecidedAt { get; init; }
}
