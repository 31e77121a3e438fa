// The consent review queue's rules as the inbox shows them: the order of the list, what a review's row says about the
// latest decision, which buttons it offers, each history entry, and which answer belongs to a click. Pure, so it is
// checked under node (ReviewQueueTests in tests/Sms.Conversations.Tests) over the API's own ConsentReview entries
// (GET /v1/consent-reviews); app.js draws it.

/** What a row says while Compliance has not answered the agent's click yet. */
export const WAITING_WORDS = { confirm: "Confirming opt-out…", dismiss: "Dismissing…", undo: "Undoing…" };

const DECIDED_WORDS = { confirmed: "Opt-out confirmed", dismissed: "Dismissed", pending: "Undone" };
const HISTORY_WORDS = { confirm: "Confirmed", dismiss: "Dismissed", undo: "Undone" };

const time = (iso) => (iso ? new Date(iso).getTime() : 0);

/**
 * Pending first, the longest waiting first; then decided ones, the latest decision first. A review decided in this
 * browser (`decidedHere`, a Set of review ids) keeps its place among the pending ones, so the agent sees the answer
 * (and the Undo) where they clicked, not at the end of a long queue.
 */
export function sortReviews(reviews, decidedHere = new Set()) {
  const queued = (review) => review.status === "pending" || decidedHere.has(review.reviewId);
  return [...reviews].sort((a, b) => {
    if (queued(a) !== queued(b)) return queued(a) ? -1 : 1;
    return queued(a) ? time(a.requestedAt) - time(b.requestedAt) : time(b.decidedAt) - time(a.decidedAt);
  });
}

/** "Opt-out confirmed by ada", "Dismissed by ada", "Undone by ada" (pending again); null while nobody has decided. */
export function decisionLine(review) {
  if (!review.lastDecision || !review.decidedBy) return null;
  return `${DECIDED_WORDS[review.status] ?? review.status} by ${review.decidedBy}`;
}

/** The decisions a row offers: confirm and dismiss while pending, else undo. */
export function decisionsFor(review) {
  return review.status === "pending" ? ["confirm", "dismiss"] : ["undo"];
}

/** One entry of a review's history: "Confirmed by ada", and why nothing changed when it did not apply. */
export function historyLine(entry) {
  const what = `${HISTORY_WORDS[entry.decision] ?? entry.decision} by ${entry.decidedBy}`;
  return entry.applied ? what : `${what} — not applied (it was ${entry.status.replaceAll("_", " ")} already)`;
}

/** Compliance's answer to the click that sent `requestId`, from the review's history; null until it has arrived. */
export function answerTo(detail, requestId) {
  return (detail?.history ?? []).find((entry) => entry.requestId === requestId) ?? null;
}
