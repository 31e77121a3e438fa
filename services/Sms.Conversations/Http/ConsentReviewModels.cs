namespace Sms.Conversations.Http;

/// <summary>
/// A review in the inbox's queue: what Compliance read in the customer's message (score, language, rule), the message
/// itself and its conversation, and where the review stands with the latest decision that applied.
/// </summary>
/// <param name="Scope">The brand (consent scope) the customer wrote to.</param>
/// <param name="Text">The customer's message; null until the thread has stored it.</param>
/// <param name="ConversationId">The conversation the message is in; null until the thread has stored it.</param>
/// <param name="Status"><c>pending</c>, <c>confirmed</c> or <c>dismissed</c>.</param>
/// <param name="LastDecision"><c>confirm</c>, <c>dismiss</c> or <c>undo</c>; null while no decision applied.</param>
public sealed record ConsentReview(
    Guid ReviewId,
    string Number,
    string? ContactName,
    string Scope,
    string BusinessNumber,
    Guid InboundMessageId,
    Guid? ConversationId,
    string? Text,
    double Score,
    string? Language,
    string Rule,
    DateTimeOffset RequestedAt,
    string Status,
    string? LastDecision,
    string? DecidedBy,
    DateTimeOffset? DecidedAt);

/// <summary>Reviews of the asked statuses, and how many wait for an agent (whatever the filter).</summary>
public sealed record ConsentReviewPage(IReadOnlyList<ConsentReview> Items, int PendingCount);

/// <summary>A decision Compliance answered about a review: who, what, when, and whether it changed anything.</summary>
/// <param name="Status">The review's status after it.</param>
/// <param name="Applied">False when it did not apply (confirming a confirmed review, undoing a pending one).</param>
public sealed record ConsentReviewDecisionEntry(Guid RequestId, string Decision, string Status, bool Applied, string DecidedBy, DateTimeOffset DecidedAt);

/// <summary>A review with every decision about it, oldest first.</summary>
public sealed record ConsentReviewDetail(ConsentReview Review, IReadOnlyList<ConsentReviewDecisionEntry> History);

/// <summary>An agent's decision handed to Compliance: the id of its <c>DecideConsentReview</c>, which its <c>ConsentReviewDecided</c> answers.</summary>
public sealed record ConsentReviewDecisionAccepted(Guid RequestId);

/// <summary>The query of <c>GET /v1/consent-reviews</c> (<see cref="ConsentReviewListQueryValidator"/>): the statuses asked (null: every one), and how many.</summary>
public sealed record ConsentReviewListQuery(IReadOnlyList<string>? Statuses, int Limit);
