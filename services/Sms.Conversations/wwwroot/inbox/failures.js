// The failed-messages view's words (admins; README, "Failed messages"): what a group's row says about where its
// failures came from and how often they failed, and what each action button asks before it acts. Pure; app.js draws it
// over GET /v1/failures.

/** "Compliance · compliance-send-sms" for an _error queue, "Carrier twilio" for a failed send. */
export function sourceLine(group) {
  if (group.kind === "Send") return `Sends that ended failed · ${group.sources.map((s) => `carrier ${s}`).join(", ")}`;
  return group.sources.map((queue) => queue.replace(/_error$/, "")).join(", ");
}

/** "3 failures · 1 failed again after a replay". */
export function countLine(group) {
  const failures = `${group.count} failure${group.count === 1 ? "" : "s"}`;
  return group.failedAfterReplay ? `${failures} · ${group.failedAfterReplay} failed again after replay` : failures;
}

/** How many of a group a bulk replay sends: those that failed again after a replay stay out, so a poison message never loops. */
export const replayable = (group) => group.count - group.failedAfterReplay;

/** The question before replaying a group; null when nothing in it would be replayed. */
export function replayQuestion(group) {
  const n = replayable(group);
  if (n === 0) return null;
  const sends = group.kind === "Send"
    ? " Each goes through Compliance again; a send the carrier already took is never sent twice."
    : " Each goes back to its queue unchanged.";
  return `Replay ${n} failure${n === 1 ? "" : "s"} of this group?${sends}`;
}
