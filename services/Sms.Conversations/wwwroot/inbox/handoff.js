// Who owns a conversation, as the inbox shows it, and which owner changes deserve a browser notification.
// Pure functions of the summaries and teams the API returns (ConversationSummary, GET /v1/teams): no DOM, no I/O,
// so the browser tests call them directly (import("/inbox/handoff.js")). The rules they display are the server's:
// README, "Who owns a conversation".

/** "Automation", the assigned agent's display name, or "<team> queue" while people own it and nobody is assigned. */
export function ownerLabel(summary, displayNames = new Map()) {
  if (summary?.owner !== "people") return "Automation";
  if (summary.assignee) return displayNames.get(summary.assignee) || summary.assignee;
  return `${summary.team || "Team"} queue`;
}

/**
 * "open", or "closed — back at 9:00 Monday" with the opening in the team's own zone (the customer was told the same
 * time). Null when the team is unknown.
 */
export function teamHoursText(team, locale) {
  if (!team) return null;
  if (team.openNow) return "open";
  if (!team.opensAt) return "closed";
  const options = { weekday: "long", hour: "numeric", minute: "2-digit", hourCycle: "h23" };
  if (team.timeZone) options.timeZone = team.timeZone;
  const parts = Object.fromEntries(new Intl.DateTimeFormat(locale ?? "en-GB", options)
    .formatToParts(new Date(team.opensAt)).map((p) => [p.type, p.value]));
  return `closed — back at ${Number(parts.hour)}:${parts.minute} ${parts.weekday}`;
}

/** The names of the teams `username` is a member of, from GET /v1/teams. */
export function teamsOf(teams, username) {
  return (teams ?? []).filter((t) => (t.members ?? []).some((m) => m.username === username)).map((t) => t.name);
}

/** Whether the agent is marked away in any of their teams (away is per agent, so every team says the same); null: in no team. */
export function awayIn(teams, username) {
  for (const team of teams ?? []) {
    const member = (team.members ?? []).find((m) => m.username === username);
    if (member) return !!member.away;
  }
  return null;
}

const ownedByPeople = (s) => !!s && s.owner === "people" && s.status !== "resolved";

/**
 * Whether a change of a conversation, from `before` (the summary last seen; null or undefined: never seen) to `after`,
 * deserves a notification for agent `me`, member of `myTeams`:
 * - "assigned": it is now assigned to me and was not before;
 * - "queued": it now waits, unassigned, in the queue of one of my teams, and was not waiting in that queue before.
 * Anything else (a new message, a label, a change of someone else's conversation, resolving) is no news. Returns
 * { kind, title, body, tag } or null.
 */
export function notificationFor(before, after, me, myTeams = []) {
  if (!after || !me || !ownedByPeople(after)) return null;
  const who = after.contactName || after.customerNumber || "A customer";
  const routed = after.routedBy ? ` (${after.routedBy})` : "";
  if (after.assignee === me) {
    if (ownedByPeople(before) && before.assignee === me) return null;
    return { kind: "assigned", title: "Assigned to you", body: `${who}${routed}`, tag: `conversation-${after.id}` };
  }
  if (!after.assignee && after.team && myTeams.includes(after.team)) {
    if (ownedByPeople(before) && !before.assignee && before.team === after.team) return null;
    return { kind: "queued", title: `Waiting in the ${after.team} queue`, body: `${who}${routed}`, tag: `conversation-${after.id}` };
  }
  return null;
}
