// The agent inbox: conversation list, thread, compose box, contact panel, kept live by Server-Sent Events.
// Plain ES modules, no build step. The HTTP surface it uses is the Conversations API (see the OpenAPI document).

import { ApiError, del, get, newIdempotencyKey, post, put, query, request, upload } from "./api.js";
import { describe, measure, nonGsmCharacters } from "./segments.js";
import { awayIn, notificationFor, ownerLabel, teamHoursText, teamsOf } from "./handoff.js";
import { answerTo, decisionLine, decisionsFor, historyLine, sortReviews, WAITING_WORDS } from "./reviews.js";
import { consentRows } from "./consent.js";
import { countLine, replayQuestion, replayable, sourceLine } from "./failures.js";
import { webhooksView } from "./webhooks.js";
import { campaignsView } from "./campaigns.js";

/** The SLA indicator turns amber, then red, when the customer has waited this long for an answer. */
export const SLA_AMBER_MINUTES = 5;
export const SLA_RED_MINUTES = 15;
/** The API refuses longer replies. */
const MAX_REPLY_LENGTH = 1600;
const PAGE_SIZE = 50;
/** Teams' queues, members' availability and opening hours are read again this often (and soon after a change). */
const TEAMS_REFRESH_MS = 60000;
/** A change made by this browser is no news to it: owner changes within this time of its own action do not notify. */
const OWN_ACTION_MS = 5000;
const NOTIFICATIONS_ASKED_KEY = "inbox.notifications.asked";
/** The pending reviews' count (and the open review list) is read again this often. */
const REVIEWS_REFRESH_MS = 15000;
/** After a decision, the list is read again after these waits until Compliance's answer shows. */
const REVIEW_DECISION_WAITS_MS = [500, 1000, 2000, 3000, 5000, 8000, 15000];

const $ = (id) => document.getElementById(id);

const state = {
  me: null,
  agents: [],
  failures: [], // GET /v1/failures: the groups shown (admins)
  teams: [], // GET /v1/teams
  teamsGeneration: 0,
  away: false,
  seen: new Map(), // id → the last summary seen of it, in the list or not: what a notification compares with
  ownActions: new Map(), // id → when this browser last changed it
  conversations: new Map(), // id → ConversationSummary
  nextBefore: null,
  selectedId: null,
  detail: null, // { conversation, contact, sessions }
  messages: new Map(), // messageId → ThreadMessage
  messagesNextBefore: null,
  canned: [],
  cannedResponseId: null,
  replyKey: null, // Idempotency-Key of the reply being composed: kept across retries, renewed after a send
  listGeneration: 0,
  threadGeneration: 0,
  liveSummaries: new Map(), // id → { summary, at }: live changes, re-applied over a list page fetched meanwhile
  threadLoading: false,
  threadChangedWhileLoading: false,
  view: "conversations", // or "reviews", or "agents" (admins)
  reviews: new Map(), // reviewId → ConsentReview, as listed
  reviewsGeneration: 0,
  reviewActions: new Map(), // reviewId → { decision, key, done, failed }: decided in this browser, kept in place until the next view change
  openHistories: new Set(), // reviewIds whose history the agent opened: kept open across refreshes
};

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const words = (value) => (value ?? "").replaceAll("_", " ");
const capitalised = (value) => { const text = words(value); return text ? text[0].toUpperCase() + text.slice(1) : ""; };

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

function shortTime(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  const today = new Date();
  return date.toDateString() === today.toDateString() ? timeFormat.format(date) : dateTimeFormat.format(date);
}

const fullTime = (iso) => (iso ? fullFormat.format(new Date(iso)) : "");

/** "45s", "12m", "2h 05m", "3d 4h". */
export function waited(milliseconds) {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${String(minutes % 60).padStart(2, "0")}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** "ok", "amber" or "red" for a customer waiting since `waitingSince`. */
export function slaLevel(waitingSince, now = Date.now()) {
  const minutes = (now - new Date(waitingSince).getTime()) / 60000;
  if (minutes >= SLA_RED_MINUTES) return "red";
  if (minutes >= SLA_AMBER_MINUTES) return "amber";
  return "ok";
}

function showError(error, context) {
  const notice = $("notice");
  notice.onclick = () => { notice.hidden = true; };
  notice.title = "Click to dismiss";
  const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  notice.textContent = context ? `${context}: ${message}` : message;
  notice.hidden = false;
  clearTimeout(showError.timer);
  showError.timer = setTimeout(() => { notice.hidden = true; }, 12000);
}

function clearError() {
  $("notice").hidden = true;
}

/** Runs an action from a button, showing why it failed. */
async function attempt(context, action) {
  try {
    clearError();
    return await action();
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) showError(error, context);
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Conversation list

function filters() {
  const form = $("filters");
  const assignee = form.assignee.value;
  return {
    status: form.status.value,
    assignee: assignee === "me" ? state.me?.username : assignee,
    flagged: form.flagged.checked ? "true" : "",
    label: form.label.value.trim(),
    team: form.team.value,
    q: form.q.value.trim(),
  };
}

/** Whether a conversation changed live still belongs in the list under the current filters. */
function matchesFilters(summary) {
  const f = filters();
  if (f.status && summary.status !== f.status) return false;
  if (f.assignee === "none" && summary.assignee) return false;
  if (f.assignee && f.assignee !== "none" && summary.assignee !== f.assignee) return false;
  if (f.flagged && !summary.flagged) return false;
  if (f.team && summary.team !== f.team) return false;
  if (f.label && !(summary.labels ?? []).includes(f.label)) return false;
  if (f.q) {
    const needle = f.q.toLowerCase();
    const digits = needle.replace(/[^0-9]/g, "");
    const haystack = [summary.contactName, summary.lastMessagePreview, ...(summary.labels ?? [])].join(" ").toLowerCase();
    const numberMatches = digits.length > 0 && (summary.customerNumber ?? "").includes(digits);
    if (!haystack.includes(needle) && !numberMatches) return false;
  }
  return true;
}

async function loadConversations({ append = false } = {}) {
  const generation = ++state.listGeneration;
  const startedAt = performance.now();
  const f = filters();
  const page = await attempt("Could not load conversations", () =>
    get(`/v1/conversations${query({ ...f, limit: PAGE_SIZE, before: append ? state.nextBefore : "" })}`));
  if (!page || generation !== state.listGeneration) return;
  if (!append) state.conversations.clear();
  for (const item of page.items ?? []) { state.conversations.set(item.id, item); remember(item); }
  state.nextBefore = page.nextBefore ?? null;
  // A change that arrived live while the page was on its way is newer than the page.
  for (const { summary, at } of state.liveSummaries.values()) {
    if (at < startedAt) continue;
    if (matchesFilters(summary)) state.conversations.set(summary.id, summary);
    else state.conversations.delete(summary.id);
  }
  renderList();
}

function sortedConversations() {
  return [...state.conversations.values()].sort((a, b) =>
    new Date(b.lastMessageAt).getTime() - new Date(a.lastMessageAt).getTime());
}

function renderList() {
  const list = $("conversation-list");
  const focusedId = document.activeElement?.closest?.("[data-conversation-id]")?.dataset.conversationId;
  list.replaceChildren(...sortedConversations().map(renderConversationItem));
  $("list-empty").hidden = state.conversations.size > 0;
  $("load-more").hidden = !state.nextBefore;
  if (focusedId) list.querySelector(`[data-conversation-id="${CSS.escape(focusedId)}"] button`)?.focus();
}

function renderConversationItem(summary) {
  const selected = summary.id === state.selectedId;
  const title = summary.contactName || summary.customerNumber;
  const badges = [];
  if (summary.unreadCount > 0) {
    badges.push(el("span", { class: "badge unread", "data-testid": "unread-badge", "aria-label": `${summary.unreadCount} unread` },
      String(summary.unreadCount)));
  }
  if (summary.waitingSince) badges.push(renderSla(summary.waitingSince));

  const tags = [];
  tags.push(el("span", { class: `status-tag status-${summary.status}` }, capitalised(summary.status)));
  if (summary.escalationPriority && summary.escalationPriority !== "normal" && summary.status !== "resolved") {
    tags.push(el("span", { class: `priority priority-${summary.escalationPriority}` }, capitalised(summary.escalationPriority)));
  }
  if (summary.flagged) tags.push(el("span", { class: "flag", title: "Flagged", "aria-label": "Flagged" }, "⚑"));
  tags.push(...ownerTags(summary));
  // While people own it the owner tag names the agent; afterwards the last agent is still worth seeing.
  if (summary.assignee && summary.owner !== "people") tags.push(el("span", { class: "assignee", title: "Last agent" }, `@${summary.assignee}`));
  for (const label of summary.labels ?? []) tags.push(el("span", { class: "chip small" }, label));

  const button = el("button", {
    type: "button",
    class: "conversation-button",
    "aria-current": selected ? "true" : undefined,
    onclick: () => selectConversation(summary.id),
  },
  el("div", { class: "row" },
    el("span", { class: `name${summary.unreadCount > 0 ? " strong" : ""}` }, title),
    el("time", { class: "muted", datetime: summary.lastMessageAt, title: fullTime(summary.lastMessageAt) }, shortTime(summary.lastMessageAt))),
  el("div", { class: "row" },
    el("span", { class: "preview" }, summary.lastMessagePreview ?? (summary.escalationReason ? capitalised(summary.escalationReason) : "")),
    el("span", { class: "badges" }, badges)),
  el("div", { class: "tags" }, tags));

  return el("li", {
    class: `conversation-item${selected ? " selected" : ""}`,
    "data-testid": "conversation-item",
    "data-conversation-id": summary.id,
    "data-status": summary.status,
  }, button);
}

function renderSla(waitingSince) {
  const level = slaLevel(waitingSince);
  const text = waited(Date.now() - new Date(waitingSince).getTime());
  return el("span", {
    class: `badge sla sla-${level}`,
    "data-testid": "sla-indicator",
    "data-sla": level,
    "data-waiting-since": waitingSince,
    title: `Waiting for an answer since ${fullTime(waitingSince)}`,
    "aria-label": `Customer waiting ${text}`,
  }, text);
}

// ---------------------------------------------------------------------------------------------------------------
// Who owns it: the automation, an agent or a team's queue; the teams, their hours, and the agent's availability

function displayNames() {
  return new Map(state.agents.map((a) => [a.username, a.displayName || a.username]));
}

const teamNamed = (name) => state.teams.find((t) => t.name === name);

/** The customer's satisfaction score, where the conversation has one (detail or summary). */
function csatOf(...sources) {
  for (const source of sources) if (source?.csat && source.csat.score !== undefined && source.csat.score !== null) return source.csat;
  return null;
}

/** Owner, team (routedBy as its tooltip) with its hours, and CSAT: in the list item and in the thread's header. */
function ownerTags(summary, detail) {
  const tags = [];
  const owner = ownerLabel(summary, displayNames());
  const kind = summary.owner !== "people" ? "automation" : summary.assignee ? "agent" : "queue";
  tags.push(el("span", { class: `owner owner-${kind}`, "data-testid": "owner", "data-owner": kind, title: "Who answers the customer" }, owner));
  if (summary.team) {
    // Whether the team is open matters while people own the conversation.
    const hours = summary.owner === "people" ? teamHoursText(teamNamed(summary.team)) : null;
    tags.push(el("span", {
      class: `team${hours && hours !== "open" ? " team-closed" : ""}`,
      "data-testid": "team",
      "data-team": summary.team,
      title: summary.routedBy ? `Routed by ${summary.routedBy}` : undefined,
    }, hours ? `${summary.team} · ${hours}` : summary.team));
  }
  const csat = csatOf(detail, summary);
  if (csat) {
    tags.push(el("span", { class: "csat", "data-testid": "csat", title: csat.answeredAt ? `Answered ${fullTime(csat.answeredAt)}` : undefined },
      `CSAT ${csat.score}`));
  }
  return tags;
}

/** Reads GET /v1/teams; quietly when refreshing (the next refresh or change brings it). */
async function loadTeams({ quiet = false } = {}) {
  const generation = ++state.teamsGeneration;
  let teams;
  if (quiet) { try { teams = await get("/v1/teams"); } catch { return; } }
  else teams = await attempt("Could not load the teams", () => get("/v1/teams"));
  if (!teams || generation !== state.teamsGeneration) return; // a newer read (after a toggle) is on its way
  state.teams = teams;
  const away = awayIn(teams, state.me?.username);
  if (away !== null) state.away = away;
  renderTeamFilter();
  renderAvailability();
  renderList();
  if (state.detail) renderThreadHeader();
}

const loadTeamsSoon = debounce(() => loadTeams({ quiet: true }), 1000);

function renderTeamFilter() {
  const select = $("filter-team");
  const chosen = select.value;
  const names = state.teams.map((t) => t.name);
  if ([...select.options].slice(1).map((o) => o.value).join("\n") === names.join("\n")) return; // unchanged: keep it open
  select.replaceChildren(el("option", { value: "" }, "All teams"),
    ...state.teams.map((t) => el("option", { value: t.name }, t.name)));
  select.value = state.teams.some((t) => t.name === chosen) ? chosen : "";
}

function renderAvailability() {
  const toggle = $("availability-toggle");
  toggle.textContent = state.away ? "Away" : "Available";
  toggle.setAttribute("aria-pressed", state.away ? "true" : "false");
  toggle.title = state.away
    ? "Away: no new conversations are assigned to you. Click to become available."
    : "Available: conversations are assigned to you. Click to mark yourself away.";
}

async function toggleAvailability() {
  const away = !state.away;
  const done = await attempt("Could not change your availability", async () => {
    await put("/v1/agents/me/availability", { away });
    return true;
  });
  if (!done) return;
  state.teamsGeneration++; // a read started before the change must not show the old state
  state.away = away;
  renderAvailability();
  loadTeams({ quiet: true });
}

// ---------------------------------------------------------------------------------------------------------------
// Browser notifications: a conversation assigned to me, or waiting in the queue of one of my teams

/** Remembers the summary as last seen and says whether its change deserves a notification (handoff.js decides). */
function remember(summary) {
  const before = state.seen.get(summary.id);
  state.seen.set(summary.id, summary);
  if (state.seen.size > 2000) state.seen.delete(state.seen.keys().next().value);
  return before;
}

function notifyIfNews(before, after) {
  const own = state.ownActions.get(after.id);
  if (own && Date.now() - own < OWN_ACTION_MS) return;
  const news = notificationFor(before, after, state.me?.username, teamsOf(state.teams, state.me?.username));
  if (!news || !("Notification" in window) || Notification.permission !== "granted") return;
  try {
    const notification = new Notification(news.title, { body: news.body, tag: news.tag });
    notification.onclick = () => { window.focus(); selectConversation(after.id); };
  } catch { /* some browsers only notify from a service worker: the list shows it anyway */ }
}

/** Asks for the permission once, on the agent's first click or key press (browsers allow asking only on a gesture). */
function askNotificationPermissionOnce() {
  if (!("Notification" in window) || Notification.permission !== "default") return;
  let asked = false;
  try { asked = localStorage.getItem(NOTIFICATIONS_ASKED_KEY) === "yes"; } catch { /* private mode */ }
  if (asked) return;
  const ask = () => {
    document.removeEventListener("click", ask, true);
    document.removeEventListener("keydown", ask, true);
    try { localStorage.setItem(NOTIFICATIONS_ASKED_KEY, "yes"); } catch { /* private mode */ }
    if (Notification.permission === "default") Notification.requestPermission().catch(() => {});
  };
  document.addEventListener("click", ask, true);
  document.addEventListener("keydown", ask, true);
}

/** Ticks every waiting clock without re-rendering the list. */
function refreshSlaClocks() {
  for (const badge of document.querySelectorAll("[data-testid=sla-indicator]")) {
    const since = badge.dataset.waitingSince;
    const level = slaLevel(since);
    const text = waited(Date.now() - new Date(since).getTime());
    badge.className = `badge sla sla-${level}`;
    badge.dataset.sla = level;
    badge.textContent = text;
    badge.setAttribute("aria-label", `Customer waiting ${text}`);
  }
}

function upsertConversation(summary, { live = false } = {}) {
  const before = remember(summary);
  if (live) notifyIfNews(before, summary);
  if (live && (before?.owner !== summary.owner || before?.assignee !== summary.assignee || before?.team !== summary.team
    || before?.status !== summary.status)) loadTeamsSoon();
  state.liveSummaries.set(summary.id, { summary, at: performance.now() });
  if (state.liveSummaries.size > 500) state.liveSummaries.delete(state.liveSummaries.keys().next().value);
  if (matchesFilters(summary)) state.conversations.set(summary.id, summary);
  else state.conversations.delete(summary.id);
  renderList();
  if (summary.id === state.selectedId && state.detail) {
    state.detail.conversation = summary;
    renderThreadHeader();
    if (summary.unreadCount > 0 && document.visibilityState === "visible") markRead(summary.id);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Thread

async function selectConversation(id) {
  if (state.selectedId === id && state.detail) return;
  const generation = ++state.threadGeneration;
  state.selectedId = id;
  state.detail = null;
  state.messages.clear();
  state.cannedResponseId = null;
  state.picture = null;
  renderPicture();
  state.replyKey = null;
  renderList();
  history.replaceState(null, "", `#${id}`);

  state.threadLoading = true;
  state.threadChangedWhileLoading = false;
  const [detail, page] = await Promise.all([
    attempt("Could not open the conversation", () => get(`/v1/conversations/${encodeURIComponent(id)}`)),
    attempt("Could not load the messages", () => get(`/v1/conversations/${encodeURIComponent(id)}/messages${query({ limit: 100 })}`)),
  ]);
  if (generation !== state.threadGeneration) return;
  state.threadLoading = false;
  if (!detail) return;
  state.detail = detail;
  for (const message of page?.items ?? []) state.messages.set(message.messageId, message);
  state.messagesNextBefore = page?.nextBefore ?? null;
  if (state.threadChangedWhileLoading) refreshMessages(id, generation);

  $("thread-placeholder").hidden = true;
  $("thread-view").hidden = false;
  $("contact-panel").hidden = false;
  $("compose-text").value = "";
  updateCounter();
  renderThreadHeader();
  renderMessages({ scroll: true });
  renderContact();
  loadCannedResponses(id);
  if ((detail.conversation.unreadCount ?? 0) > 0) markRead(id);
}

/** Reads the newest page again, after live changes arrived while the thread was loading. */
async function refreshMessages(id, generation) {
  try {
    const page = await get(`/v1/conversations/${encodeURIComponent(id)}/messages${query({ limit: 100 })}`);
    if (generation !== state.threadGeneration) return;
    for (const message of page.items ?? []) state.messages.set(message.messageId, message);
    renderMessages({ scroll: false });
  } catch { /* the next event brings it */ }
}

async function loadOlderMessages() {
  const id = state.selectedId;
  if (!id || !state.messagesNextBefore) return;
  const page = await attempt("Could not load earlier messages", () =>
    get(`/v1/conversations/${encodeURIComponent(id)}/messages${query({ limit: 100, before: state.messagesNextBefore })}`));
  if (!page || id !== state.selectedId) return;
  const older = new Map((page.items ?? []).map((m) => [m.messageId, m]));
  state.messages = new Map([...older, ...state.messages]);
  state.messagesNextBefore = page.nextBefore ?? null;
  renderMessages({ scroll: false });
}

async function markRead(id) {
  const summary = state.conversations.get(id);
  if (summary) { summary.unreadCount = 0; renderList(); }
  try { await post(`/v1/conversations/${encodeURIComponent(id)}/read`); } catch { /* the badge comes back with the next event */ }
}

function renderThreadHeader() {
  const { conversation, contact } = state.detail;
  $("thread-title").textContent = conversation.contactName || contact?.name || conversation.customerNumber;
  const subtitle = [conversation.customerNumber, `via ${conversation.businessNumber}`, capitalised(conversation.status)];
  if (conversation.escalationReason && conversation.status !== "resolved") {
    const priority = conversation.escalationPriority && conversation.escalationPriority !== "normal" ? ` (${conversation.escalationPriority})` : "";
    subtitle.push(`escalated: ${words(conversation.escalationReason)}${priority}`);
  }
  $("thread-subtitle").textContent = subtitle.join(" · ");
  $("thread-owner").replaceChildren(...ownerTags(conversation, state.detail));

  const assign = $("assign-select");
  const agents = state.agents.filter((a) => !a.disabled);
  if (conversation.assignee && !agents.some((a) => a.username === conversation.assignee)) {
    agents.push({ username: conversation.assignee, displayName: conversation.assignee });
  }
  assign.replaceChildren(
    el("option", { value: "" }, "Unassigned"),
    ...agents.map((a) => el("option", { value: a.username },
      a.username === state.me?.username ? `${a.displayName || a.username} (me)` : (a.displayName || a.username))));
  assign.value = conversation.assignee ?? "";

  const flag = $("flag-button");
  flag.setAttribute("aria-pressed", conversation.flagged ? "true" : "false");
  flag.textContent = conversation.flagged ? "⚑ Flagged" : "⚑ Flag";
  flag.classList.toggle("active", !!conversation.flagged);

  const resolved = conversation.status === "resolved";
  $("resolve-button").hidden = resolved;
  $("reopen-button").hidden = !resolved;
  $("return-button").hidden = resolved || conversation.owner !== "people";

  $("conversation-labels").replaceChildren(...(conversation.labels ?? []).map((label) =>
    el("li", { class: "chip" }, label,
      el("button", {
        type: "button", class: "chip-remove", "aria-label": `Remove label ${label}`,
        onclick: () => changeLabels({ remove: [label] }),
      }, "×"))));
}

const SENDERS = { automation: "Automation", agent: "Agent", compliance: "Compliance", upstream: "Upstream system" };
const STATUS_LABELS = {
  received: "Received",
  pending: "Pending",
  sent: "Sent",
  delivered: "Delivered",
  failed: "Failed",
  suppressed: "Suppressed",
  partially_delivered: "Partially delivered",
  deferred: "Deferred",
  unknown: "Outcome unknown",
};

function senderOf(message) {
  if (message.direction === "inbound") return "Customer";
  const sender = SENDERS[message.origin] ?? (message.origin ? capitalised(message.origin) : "Sent");
  return message.origin === "agent" && message.sentBy ? `${sender} · ${message.sentBy}` : sender;
}

function renderMessages({ scroll }) {
  const list = $("thread-messages");
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  const messages = [...state.messages.values()].sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime());
  // Keep the nodes that did not change, so the live region announces only new or changed messages.
  const existing = new Map([...list.children].map((node) => [node.dataset.messageId, node]));
  let cursor = list.firstElementChild;
  for (const message of messages) {
    const fresh = renderMessage(message);
    const old = existing.get(message.messageId);
    existing.delete(message.messageId);
    const node = old && old.isEqualNode(fresh) ? old : fresh;
    if (old && node !== old) {
      if (old === cursor) cursor = old.nextElementSibling;
      old.remove();
    }
    if (node !== cursor) list.insertBefore(node, cursor);
    cursor = node.nextElementSibling;
  }
  for (const stale of existing.values()) stale.remove();
  $("load-older-messages").hidden = !state.messagesNextBefore;
  if (scroll || nearBottom) list.scrollTop = list.scrollHeight;
}

function renderMessage(message) {
  const outbound = message.direction !== "inbound";
  const status = message.status ?? (outbound ? "pending" : "received");
  const meta = [];
  if (outbound) {
    const timeline = (message.statusTimeline ?? [])
      .map((s) => `${STATUS_LABELS[s.status] ?? capitalised(s.status)} ${fullTime(s.at)}${s.detail ? ` — ${s.detail}` : ""}`)
      .join("\n");
    meta.push(el("span", {
      class: `status status-${status}`,
      "data-testid": "message-status",
      title: timeline || undefined,
    }, STATUS_LABELS[status] ?? capitalised(status)));
  }
  if (message.segments) {
    const encoding = message.encoding === "ucs2" ? "UCS-2" : message.encoding === "gsm7" ? "GSM-7" : (message.encoding ?? "");
    meta.push(el("span", { class: "muted" }, `${message.segments} ${message.segments === 1 ? "segment" : "segments"}${encoding ? ` · ${encoding}` : ""}`));
  }
  if (message.direction === "inbound" && (message.handledBy || message.action)) {
    meta.push(el("span", { class: "muted" }, [message.handledBy ? `handled by ${words(message.handledBy)}` : "", message.action ? words(message.action) : ""].filter(Boolean).join(" · ")));
  }

  const problem = ["failed", "suppressed", "partially_delivered", "deferred", "unknown"].includes(status) && message.statusDetail
    ? el("p", { class: "status-detail" }, message.statusDetail)
    : null;

  return el("li", {
    class: `message ${outbound ? "outbound" : "inbound"} origin-${message.origin ?? "customer"}`,
    "data-testid": "thread-message",
    "data-message-id": message.messageId,
    "data-status": status,
  },
  el("div", { class: "message-head" },
    el("span", { class: "sender" }, senderOf(message)),
    el("time", { datetime: message.createdAt, title: fullTime(message.createdAt) }, shortTime(message.createdAt))),
  message.text ? el("p", { class: "message-text" }, message.text) : null,
  renderAttachments(message.attachments),
  problem,
  meta.length ? el("div", { class: "message-meta" }, meta) : null);
}

/**
 * A message's pictures inline and its other files as download links, both from /v1/attachments/{id} (the session's
 * cookie, the stored type, nosniff); one still being fetched from the carrier, or given up, says so.
 */
function renderAttachments(attachments) {
  if (!attachments?.length) return null;
  return el("div", { class: "attachments", "data-testid": "attachments" }, attachments.map((a) => {
    if (a.status === "pending") return el("span", { class: "attachment muted", "data-testid": "attachment-pending" }, "Picture or file loading…");
    if (a.status !== "stored" || !a.url) return el("span", { class: "attachment unavailable", "data-testid": "attachment-unavailable" }, "Attachment unavailable");
    if (a.isImage) {
      return el("a", { class: "attachment image", href: a.url, target: "_blank", rel: "noopener" },
        el("img", { src: a.url, alt: "Picture sent with the message", loading: "lazy", "data-testid": "attachment-image" }));
    }
    const size = a.sizeBytes ? ` (${Math.max(1, Math.round(a.sizeBytes / 1024))} KB)` : "";
    return el("a", { class: "attachment file", href: a.url, download: a.fileName ?? "", "data-testid": "attachment-file" }, `${a.fileName ?? "File"}${size}`);
  }));
}

function upsertMessage(conversationId, message) {
  if (conversationId !== state.selectedId) return;
  if (state.threadLoading) state.threadChangedWhileLoading = true;
  const known = state.messages.get(message.messageId);
  // A status the message already passed (an optimistic "pending" after a real "sent") never moves it back.
  if (known && known.status && known.status !== "pending" && message.status === "pending") message.status = known.status;
  state.messages.set(message.messageId, { ...known, ...message });
  renderMessages({ scroll: false });
}

function applyStatus(change) {
  if (change.conversationId !== state.selectedId) return;
  if (state.threadLoading) { state.threadChangedWhileLoading = true; return; }
  const message = state.messages.get(change.messageId);
  if (!message) return;
  message.status = change.status;
  message.statusDetail = change.statusDetail ?? message.statusDetail;
  message.statusTimeline = [...(message.statusTimeline ?? []), { status: change.status, at: change.at, detail: change.statusDetail }];
  const node = document.querySelector(`[data-testid=thread-message][data-message-id="${CSS.escape(change.messageId)}"]`);
  if (node) node.replaceWith(renderMessage(message));
  // A reply shown while pending learns its segments and encoding once sent: read the thread's newest page again.
  if (!message.segments && !["pending", "deferred"].includes(change.status)) refreshSoon(change.conversationId);
}

const refreshSoon = debounce((id) => {
  if (id === state.selectedId) refreshMessages(id, state.threadGeneration);
}, 400);

// ---------------------------------------------------------------------------------------------------------------
// Compose

function updateCounter() {
  const text = $("compose-text").value;
  const measured = measure(text);
  const counter = $("segment-counter");
  counter.textContent = describe(measured);
  counter.dataset.encoding = measured.encoding;
  counter.dataset.segments = String(measured.segments);
  counter.classList.toggle("ucs2", measured.encoding === "Ucs2");
  counter.classList.toggle("multipart", measured.segments > 1);

  const hint = $("compose-hint");
  if (text.length > MAX_REPLY_LENGTH) {
    hint.textContent = `Too long: at most ${MAX_REPLY_LENGTH} characters (${text.length}).`;
    hint.classList.add("error");
  } else if (measured.encoding === "Ucs2") {
    const culprits = nonGsmCharacters(text).slice(0, 5).join(" ");
    hint.textContent = `UCS-2 because of ${culprits}`;
    hint.classList.remove("error");
  } else {
    hint.textContent = "";
    hint.classList.remove("error");
  }
  $("send-button").disabled = (text.trim().length === 0 && !state.picture) || text.length > MAX_REPLY_LENGTH;
}

/** A picture chosen in the reply box: uploaded at once, sent with the next reply (attachmentId). */
async function choosePicture() {
  const input = $("compose-picture");
  const file = input.files?.[0];
  input.value = "";
  if (!file || !state.selectedId) return;
  const uploaded = await attempt("The picture cannot be sent", () =>
    upload(`/v1/conversations/${encodeURIComponent(state.selectedId)}/attachments`, file));
  state.picture = uploaded ? { id: uploaded.id, name: file.name, url: uploaded.url } : null;
  renderPicture();
  updateCounter();
}

function renderPicture() {
  const holder = $("compose-picture-chosen");
  if (!state.picture) {
    holder.replaceChildren();
    holder.hidden = true;
    return;
  }
  holder.hidden = false;
  holder.replaceChildren(
    el("img", { src: state.picture.url, alt: "" }),
    el("span", {}, state.picture.name),
    el("button", { type: "button", class: "button", "data-testid": "compose-picture-remove", onclick: () => { state.picture = null; renderPicture(); updateCounter(); } }, "Remove"));
}

async function loadCannedResponses(conversationId) {
  const picker = $("canned-picker");
  const items = await attempt("Could not load canned responses", () =>
    get(`/v1/canned-responses${query({ conversationId })}`));
  if (conversationId !== state.selectedId) return;
  state.canned = items ?? [];
  picker.replaceChildren(
    el("option", { value: "" }, state.canned.length ? "Insert a canned response…" : "No canned responses yet"),
    ...state.canned.map((c) => el("option", { value: c.id, title: c.filledText ?? c.text }, c.title)));
  picker.value = "";
}

function pickCannedResponse() {
  const picker = $("canned-picker");
  const chosen = state.canned.find((c) => String(c.id) === picker.value);
  if (!chosen) return;
  const compose = $("compose-text");
  compose.value = chosen.filledText ?? chosen.text;
  state.cannedResponseId = chosen.id;
  state.replyKey = null;
  updateCounter();
  const missing = chosen.missingPlaceholders ?? [];
  if (missing.length) showError(`Fill in ${missing.join(", ")} before sending.`, "This response has blanks");
  compose.focus();
}

async function sendReply(event) {
  event.preventDefault();
  const id = state.selectedId;
  const compose = $("compose-text");
  const text = compose.value;
  const picture = state.picture;
  if (!id || (!text.trim() && !picture)) return;
  const button = $("send-button");
  button.disabled = true;
  button.textContent = "Sending…";
  const body = { text };
  if (picture) body.attachmentId = picture.id;
  if (state.cannedResponseId && state.canned.some((c) => c.id === state.cannedResponseId && (c.filledText ?? c.text) === text)) {
    body.cannedResponseId = state.cannedResponseId;
  }
  state.replyKey ??= newIdempotencyKey();
  const key = state.replyKey;
  const accepted = await attempt("The reply was not sent", () =>
    post(`/v1/conversations/${encodeURIComponent(id)}/replies`, body, { "Idempotency-Key": key }));
  button.textContent = "Send";
  if (accepted) {
    state.replyKey = null;
    compose.value = "";
    state.cannedResponseId = null;
    state.picture = null;
    renderPicture();
    $("canned-picker").value = "";
    if (accepted.messageId && !state.messages.has(accepted.messageId)) {
      upsertMessage(id, {
        messageId: accepted.messageId,
        direction: "outbound",
        origin: "agent",
        sentBy: state.me?.username,
        text,
        status: "pending",
        createdAt: new Date().toISOString(),
        statusTimeline: [],
        attachments: picture ? [{ id: picture.id, status: "stored", url: picture.url, isImage: true }] : undefined,
      });
    }
    $("thread-messages").scrollTop = $("thread-messages").scrollHeight;
  }
  updateCounter();
  compose.focus();
}

// ---------------------------------------------------------------------------------------------------------------
// Actions on the conversation

function conversationAction(path, body, context) {
  const id = state.selectedId;
  if (!id) return;
  state.ownActions.set(id, Date.now());
  return attempt(context, async () => {
    const summary = await post(`/v1/conversations/${encodeURIComponent(id)}/${path}`, body);
    if (summary?.id) upsertConversation(summary);
  });
}

function changeLabels(change) {
  return conversationAction("labels", { add: change.add ?? [], remove: change.remove ?? [] }, "Could not change the labels");
}

// ---------------------------------------------------------------------------------------------------------------
// Contact panel

function renderContact() {
  const { contact, sessions, conversation } = state.detail;
  $("contact-name").replaceChildren(
    el("span", {}, contact?.name || "—"), " ",
    el("button", { type: "button", class: "link-button", onclick: editContactName, "aria-label": "Edit the contact's name" }, "Edit"));
  $("contact-number").textContent = contact?.number ?? conversation.customerNumber;

  const consent = contact?.consent ?? { state: "unknown" };
  const consentState = $("consent-state");
  consentState.textContent = capitalised(consent.state || "unknown");
  consentState.className = `consent consent-${consent.state || "unknown"}`;
  consentState.dataset.state = consent.state || "unknown";
  const detail = [consent.scope ? words(consent.scope) : "", consent.source ? `by ${words(consent.source)}` : "", consent.changedAt ? shortTime(consent.changedAt) : ""];
  $("consent-detail").textContent = detail.filter(Boolean).join(" · ");
  // A marketing-only opt-out leaves the full opt-out possible: only an opt-out of informational messages ends it.
  $("opt-out-button").disabled = Array.isArray(contact?.consents)
    ? contact.consents.some((c) => c.purpose === "informational" && c.state === "opted_out")
    : consent.state === "opted_out";
  renderConsentTable(contact?.consents);

  const score = contact?.engagementScore;
  $("contact-engagement").textContent = score === null || score === undefined ? "—" : String(Math.round(score * 100) / 100);

  const labels = contact?.labels ?? [];
  $("contact-labels").replaceChildren(...(labels.length ? labels.map((l) => el("span", { class: "chip small" }, l)) : ["—"]));

  const attributes = Object.entries(contact?.attributes ?? {});
  $("contact-attributes").replaceChildren(...(attributes.length
    ? [el("h3", {}, "Attributes"), el("dl", { class: "facts" }, attributes.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, String(v))]))]
    : []));

  const sessionItems = (sessions ?? []).map((s) => el("li", { class: "session" },
    el("div", { class: "row" },
      el("strong", {}, capitalised(s.sessionType) || "Prompt"),
      el("time", { class: "muted", datetime: s.sentAt, title: fullTime(s.sentAt) }, shortTime(s.sentAt))),
    s.campaignId ? el("div", { class: "muted" }, `Campaign ${s.campaignId}`) : null,
    Object.keys(s.context ?? {}).length
      ? el("dl", { class: "facts compact" }, Object.entries(s.context).flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, String(v))]))
      : null,
    Object.keys(s.options ?? {}).length
      ? el("div", { class: "options" }, Object.entries(s.options).map(([reply, action]) => el("span", { class: "chip small", title: words(action) }, `${reply} → ${words(action)}`)))
      : null));
  $("contact-sessions").replaceChildren(...(sessionItems.length ? sessionItems : [el("li", { class: "muted" }, "No prompts sent in this conversation.")]));
}

/** One row per brand, a cell per purpose: the state, whether such a message may be sent, and when and how it changed. */
function renderConsentTable(consents) {
  const rows = consentRows(consents);
  $("consent-table").hidden = rows.length === 0;
  $("consent-none").hidden = rows.length > 0;
  $("consent-rows").replaceChildren(...rows.map((row) => el("tr", { dataset: { brand: row.brand } },
    el("th", { scope: "row" }, row.brand),
    row.cells.map(consentCell))));
}

function consentCell(cell) {
  const how = cell.source ? `${cell.label} by ${words(cell.source)}${cell.rule ? ` (${cell.rule})` : ""}, ${fullTime(cell.changedAt)}` : "No change recorded";
  return el("td", { dataset: { purpose: cell.purpose, state: cell.state }, title: `${how}: ${cell.effect}` },
    el("span", { class: `consent consent-${cell.state === "none" ? "unknown" : cell.state}` }, cell.label),
    el("span", { class: `consent-effect ${cell.allowed ? "allowed" : "blocked"}` }, cell.effect),
    cell.source
      ? el("span", { class: "consent-how muted" }, `${words(cell.source)} · `, el("time", { datetime: cell.changedAt }, shortTime(cell.changedAt)))
      : null);
}

function editContactName() {
  const number = state.detail?.contact?.number ?? state.detail?.conversation.customerNumber;
  if (!number) return;
  const input = el("input", { type: "text", value: state.detail.contact?.name ?? "", maxlength: 200, "aria-label": "Contact name" });
  const save = async (event) => {
    event.preventDefault();
    const contact = await attempt("Could not rename the contact", () =>
      put(`/v1/contacts/${encodeURIComponent(number)}`, { name: input.value.trim() }));
    if (contact && state.detail) {
      state.detail.contact = contact;
      state.detail.conversation.contactName = contact.name;
      renderThreadHeader();
      renderContact();
      const summary = state.conversations.get(state.detail.conversation.id);
      if (summary) { summary.contactName = contact.name; renderList(); }
    }
  };
  const form = el("form", { class: "inline-edit", onsubmit: save },
    input,
    el("button", { type: "submit", class: "button small" }, "Save"),
    el("button", { type: "button", class: "button small ghost", onclick: () => renderContact() }, "Cancel"));
  $("contact-name").replaceChildren(form);
  input.focus();
  input.select();
}

// ---------------------------------------------------------------------------------------------------------------
// The agent's sessions: where it is signed in, ending one, signing out everywhere (DELETE /auth/sessions).

async function showSessions() {
  const dialog = $("sessions-dialog");
  if (!dialog.open) dialog.showModal();
  const list = $("sessions-list");
  const sessions = await attempt("Could not load your sessions", () => get("/auth/sessions"));
  if (!sessions) return;
  list.replaceChildren(...sessions.map((s) => el("li", { dataset: { testid: "session", sessionId: s.id } },
    el("div", {},
      el("div", { class: "session-where", text: `${s.userAgent ?? "Unknown browser"}${s.ip ? ` · ${s.ip}` : ""}` }),
      el("div", { class: "session-when", text:
        `${s.current ? "This browser · " : ""}signed in ${dateTimeFormat.format(new Date(s.createdAt))}, last used ${dateTimeFormat.format(new Date(s.lastSeenAt))}` })),
    s.current
      ? null
      : el("button", { type: "button", class: "button", text: "End", "data-testid": "session-end", onclick: async () => {
        const ended = await attempt("Could not end the session", async () => { await del(`/auth/sessions/${s.id}`); return true; });
        if (ended) showSessions();
      } }))));
}

function askOptOut() {
  if (!state.detail) return;
  const number = state.detail.contact?.number ?? state.detail.conversation.customerNumber;
  $("opt-out-number").textContent = number;
  $("opt-out-reason").value = "";
  $("opt-out-marketing-only").checked = false;
  const dialog = $("opt-out-dialog");
  dialog.returnValue = "";
  dialog.showModal();
}

async function optOutConfirmed() {
  const dialog = $("opt-out-dialog");
  if (dialog.returnValue !== "confirm" || !state.detail) return;
  const number = state.detail.contact?.number ?? state.detail.conversation.customerNumber;
  const reason = $("opt-out-reason").value.trim();
  const done = await attempt("Could not opt the number out", async () => {
    await post(`/v1/contacts/${encodeURIComponent(number)}/opt-out`, {
      reason: reason || undefined,
      businessNumber: state.detail.conversation.businessNumber,
      marketingOnly: $("opt-out-marketing-only").checked || undefined,
    });
    return true;
  });
  if (done && state.detail) {
    // Compliance records it asynchronously; show it as requested until the contact reports the new state.
    $("consent-detail").textContent = "opt-out requested";
    $("opt-out-button").disabled = true;
    // Compliance records it and the inbox learns the new state from its event: look again until it shows.
    const id = state.selectedId;
    for (const wait of [1000, 2000, 4000, 8000, 15000]) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      if (id !== state.selectedId) return;
      await refreshDetail(id);
      if (state.detail?.contact?.consent?.state === "opted_out") return;
    }
  }
}

async function refreshDetail(id) {
  if (!id || id !== state.selectedId) return;
  try {
    const detail = await get(`/v1/conversations/${encodeURIComponent(id)}`);
    if (id !== state.selectedId) return;
    state.detail = detail;
    renderThreadHeader();
    renderContact();
  } catch { /* kept as shown */ }
}

// ---------------------------------------------------------------------------------------------------------------
// Consent reviews: messages Compliance read as maybe a request to stop. An agent confirms (the number is opted out)
// or dismisses (held marketing goes out), and can undo either; Compliance decides and the list shows its answer.

/** Shows the conversations, the reviews or the agents; the hash keeps the view across a reload. */
function showView(view) {
  state.view = view;
  $("conversations-view").hidden = view !== "conversations";
  $("reviews-view").hidden = view !== "reviews";
  $("agents-view").hidden = view !== "agents";
  $("failures-view").hidden = view !== "failures";
  $("webhooks-view").hidden = view !== "webhooks";
  $("api-clients-view").hidden = view !== "api-clients";
  $("campaigns-view").hidden = view !== "campaigns";
  if (view !== "campaigns") campaigns?.leave();
  for (const [id, name] of [["nav-conversations", "conversations"], ["nav-reviews", "reviews"], ["nav-agents", "agents"], ["nav-failures", "failures"], ["nav-webhooks", "webhooks"], ["nav-campaigns", "campaigns"], ["nav-api-clients", "api-clients"]]) {
    if (view === name) $(id).setAttribute("aria-current", "page");
    else $(id).removeAttribute("aria-current");
  }
  if (view === "reviews") {
    state.reviewActions.clear();
    history.replaceState(null, "", "#reviews");
    loadReviews();
  } else if (view === "agents") {
    history.replaceState(null, "", "#agents");
    loadAccounts();
  } else if (view === "failures") {
    history.replaceState(null, "", "#failures");
    loadFailures();
  } else if (view === "webhooks") {
    history.replaceState(null, "", "#webhooks");
    webhooks?.load();
  } else if (view === "campaigns") {
    history.replaceState(null, "", "#campaigns");
    campaigns?.load();
  } else if (view === "api-clients") {
    history.replaceState(null, "", "#api-clients");
    $("api-client-created").hidden = true;
    loadApiClients();
  } else {
    history.replaceState(null, "", state.selectedId ? `#${state.selectedId}` : window.location.pathname);
  }
}

function renderReviewCount(count) {
  const badge = $("reviews-count");
  badge.textContent = String(count);
  badge.hidden = !count;
  badge.setAttribute("aria-label", `${count} pending`);
}

/** Reads the pending count, and the list when it is shown; quietly (the next refresh brings what fails). */
async function refreshReviews() {
  if (state.view === "reviews") return loadReviews({ quiet: true });
  try {
    const page = await get(`/v1/consent-reviews${query({ status: "pending", limit: 1 })}`);
    renderReviewCount(page?.pendingCount ?? 0);
  } catch { /* kept as shown */ }
}

async function loadReviews({ quiet = false } = {}) {
  const generation = ++state.reviewsGeneration;
  const path = `/v1/consent-reviews${query({ status: $("reviews-filter").value, limit: 200 })}`;
  let page;
  if (quiet) { try { page = await get(path); } catch { return; } }
  else page = await attempt("Could not load the reviews", () => get(path));
  if (!page || generation !== state.reviewsGeneration) return;
  const items = new Map((page.items ?? []).map((r) => [r.reviewId, r]));
  // A review decided here stays in view, with its new status and an undo, though it left the filter.
  const missing = [...state.reviewActions.keys()].filter((id) => !items.has(id));
  const decided = await Promise.all(missing.map((id) =>
    get(`/v1/consent-reviews/${encodeURIComponent(id)}`).then((d) => d.review).catch(() => state.reviews.get(id))));
  if (generation !== state.reviewsGeneration) return;
  for (const review of decided) if (review) items.set(review.reviewId, review);
  state.reviews = items;
  renderReviewCount(page.pendingCount ?? 0);
  renderReviews();
}

function renderReviews() {
  const list = $("review-list");
  list.replaceChildren(...sortReviews(state.reviews.values(), new Set(state.reviewActions.keys())).map(renderReview));
  $("reviews-empty").hidden = state.reviews.size > 0;
}

function renderReview(review) {
  const action = state.reviewActions.get(review.reviewId);
  const waiting = action && !action.done;
  const who = review.contactName ? `${review.contactName} · ${review.number}` : review.number;
  const score = Math.round(review.score * 100);
  const age = waited(Date.now() - new Date(review.requestedAt).getTime());

  const facts = el("div", { class: "review-facts" },
    el("strong", { class: "name", "data-testid": "review-number" }, who),
    el("span", { class: "chip small", title: "Brand (consent scope)", "data-testid": "review-brand" }, review.scope),
    el("span", { class: "review-score", title: `Rule: ${review.rule}${review.language ? ` · language ${review.language}` : ""}`, "data-testid": "review-score" },
      `score ${score}%`),
    el("time", { class: "muted", datetime: review.requestedAt, title: fullTime(review.requestedAt), "data-testid": "review-age" }, `${age} ago`),
    el("span", { class: "muted" }, `to ${review.businessNumber}`));

  const text = review.text
    ? el("blockquote", { class: "review-text", "data-testid": "review-text" }, review.text)
    : el("p", { class: "review-text muted", "data-testid": "review-text" }, "The message is not in the thread yet.");

  const decision = [];
  if (waiting) {
    decision.push(el("span", { class: "review-waiting", "data-testid": "review-waiting", role: "status" }, WAITING_WORDS[action.decision]));
  } else if (decisionLine(review)) {
    decision.push(el("span", { class: `review-decision review-${review.status}`, "data-testid": "review-decision" },
      decisionLine(review), " ",
      el("time", { class: "muted", datetime: review.decidedAt, title: fullTime(review.decidedAt) }, shortTime(review.decidedAt))));
  }

  const buttons = [];
  if (review.conversationId) {
    buttons.push(el("a", {
      class: "button ghost", href: `#${review.conversationId}`, "data-testid": "review-open",
      onclick: (e) => { e.preventDefault(); showView("conversations"); selectConversation(review.conversationId); },
    }, "Open conversation"));
  }
  if (decisionsFor(review).includes("confirm")) {
    buttons.push(
      el("button", { type: "button", class: "button danger", "data-testid": "review-confirm", disabled: waiting,
        title: "It asks to stop: opt the number out of this brand and confirm it to the customer",
        onclick: () => decideReview(review, "confirm") }, "Confirm opt-out"),
      el("button", { type: "button", class: "button", "data-testid": "review-dismiss", disabled: waiting,
        title: "It does not ask to stop: held marketing goes out",
        onclick: () => decideReview(review, "dismiss") }, "Dismiss"));
  } else {
    buttons.push(el("button", { type: "button", class: "button", "data-testid": "review-undo", disabled: waiting,
      title: "Take the decision back: the review waits again (an opt-out it confirmed is reverted)",
      onclick: () => decideReview(review, "undo") }, "Undo"));
  }

  const history = review.lastDecision
    ? el("details", {
      class: "review-history", "data-testid": "review-history", open: state.openHistories.has(review.reviewId),
      ontoggle: (e) => {
        if (e.target.open) { state.openHistories.add(review.reviewId); loadReviewHistory(review.reviewId, e.target); }
        else state.openHistories.delete(review.reviewId);
      },
    },
      el("summary", {}, "History"), el("ol", { class: "review-history-list" }))
    : null;

  return el("li", {
    class: `review-item review-item-${review.status}`,
    "data-testid": "review-item",
    "data-review-id": review.reviewId,
    "data-status": review.status,
    "data-number": review.number,
  }, facts, text, el("div", { class: "review-actions" }, decision, el("span", { class: "review-buttons" }, buttons)), history);
}

/** Every decision about the review, oldest first: who, what, when, and whether it changed anything. */
async function loadReviewHistory(reviewId, details) {
  const detail = await attempt("Could not load the review's history", () => get(`/v1/consent-reviews/${encodeURIComponent(reviewId)}`));
  if (!detail) return;
  details.querySelector("ol").replaceChildren(...(detail.history ?? []).map((h) => el("li", { "data-testid": "review-history-entry" },
    `${historyLine(h)} `,
    el("time", { class: "muted", datetime: h.decidedAt, title: fullTime(h.decidedAt) }, shortTime(h.decidedAt)))));
}

/**
 * Sends the decision (the same key when a failed one is retried), then looks at the review until Compliance's answer
 * to it is in its history: the row then shows the review's new status, or why nothing changed.
 */
async function decideReview(review, decision) {
  const previous = state.reviewActions.get(review.reviewId);
  const key = previous && !previous.done && previous.failed && previous.decision === decision ? previous.key : newIdempotencyKey();
  const action = { decision, key, done: false, failed: false };
  state.reviewActions.set(review.reviewId, action);
  renderReviews();
  const accepted = await attempt("The decision was not sent", () =>
    post(`/v1/consent-reviews/${encodeURIComponent(review.reviewId)}/${decision}`, {}, { "Idempotency-Key": key }));
  if (!accepted) {
    action.failed = true;
    action.done = true;
    renderReviews();
    return;
  }
  for (const wait of REVIEW_DECISION_WAITS_MS) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    if (state.view !== "reviews" || state.reviewActions.get(review.reviewId) !== action) return;
    let detail;
    try { detail = await get(`/v1/consent-reviews/${encodeURIComponent(review.reviewId)}`); } catch { continue; }
    const answer = answerTo(detail, accepted.requestId);
    if (!answer) continue;
    action.done = true;
    state.reviews.set(review.reviewId, detail.review);
    if (!answer.applied) showError(`Nothing changed: the review is ${words(answer.status)} already.`, "Decision not applied");
    renderReviews();
    loadReviews({ quiet: true });
    return;
  }
  action.done = true; // no answer yet: show the review as it stands; the next refresh brings the answer
  renderReviews();
}

// ---------------------------------------------------------------------------------------------------------------
// Agent accounts (admins): add one, disable or enable, change the role, reset the password. Each change is recorded
// by the server; a disabled agent is signed out at once and their conversations go back to their team's queue.

const isAdmin = () => state.me?.role === "admin";

/** How often an admin's inbox looks for webhook subscriptions disabled after failing for a day (the nav's badge). */
const WEBHOOKS_REFRESH_MS = 60000;

/** The Webhooks view (webhooks.js), made at start for admins only. */
let webhooks = null;

/** The Campaigns view (campaigns.js), made at start for admins, kept when Conversations issues them a pass for Campaigns. */
let campaigns = null;

async function loadAccounts() {
  const agents = await attempt("Could not load the agents", () => get("/v1/agents"));
  if (!agents) return;
  state.agents = agents;
  renderAccounts();
}

function renderAccounts() {
  $("agent-rows").replaceChildren(...state.agents.map(renderAccount));
}

function renderAccount(agent) {
  const me = agent.username === state.me?.username;
  const role = el("select", { "data-testid": "agent-role", "aria-label": `Role of ${agent.displayName || agent.username}` },
    el("option", { value: "agent" }, "Agent"), el("option", { value: "admin" }, "Admin"));
  role.value = agent.role;
  role.addEventListener("change", () => changeAccount(agent, "PUT", "role", { role: role.value }, "Could not change the role"));
  return el("tr", { class: agent.disabled ? "agent-disabled" : null, "data-testid": "agent-row", dataset: { username: agent.username } },
    el("td", {},
      el("span", { class: "name" }, agent.displayName || agent.username, me ? " (you)" : ""),
      el("span", { class: "agent-username muted" }, agent.username)),
    el("td", {}, role),
    el("td", {}, el("span", { class: `agent-status${agent.disabled ? " disabled" : ""}`, "data-testid": "agent-status" },
      agent.disabled ? "Disabled" : "Active")),
    el("td", {}, el("div", { class: "agent-actions" },
      el("button", {
        type: "button", class: agent.disabled ? "button small" : "button small danger", "data-testid": "agent-toggle",
        title: agent.disabled ? "They may sign in again" : "Signed out at once; their conversations go back to the queue",
        onclick: () => changeAccount(agent, "POST", agent.disabled ? "enable" : "disable", undefined,
          agent.disabled ? "Could not enable the agent" : "Could not disable the agent"),
      }, agent.disabled ? "Enable" : "Disable"),
      el("button", { type: "button", class: "button small", "data-testid": "agent-reset", onclick: () => askReset(agent) }, "Reset password…"))));
}

/** One change to an account; the list is read again either way (a refused change shows the account as it is). */
async function changeAccount(agent, method, action, body, context) {
  const done = await attempt(context, async () => {
    await request(method, `/v1/agents/${encodeURIComponent(agent.username)}/${action}`, body ?? {});
    return true;
  });
  // An admin who changed their own role or disabled themselves is someone else now: start again as that.
  if (done && agent.username === state.me?.username) {
    window.location.reload();
    return;
  }
  await loadAccounts();
}

// ---------------------------------------------------------------------------------------------------------------
// API clients (admins): keys for other systems, each with its scopes. The key is in the answer to its creation only:
// shown once with a copy button, never again. Revoking one is refused by every service within seconds.

/** The scopes, as Sms.ServiceDefaults/Security/ApiScopes.cs names them, with what each allows. */
const API_SCOPES = [
  ["send", "Send SMS"],
  ["consent:read", "Read consent, export the ledger"],
  ["consent:write", "Opt in and out, import consent"],
  ["campaigns", "Campaigns"],
  ["inbox:read", "Read conversations and contacts"],
  ["inbox:write", "Act as an agent: reply, assign, label"],
  ["inbox:admin", "Agents, API clients"],
];

async function loadApiClients() {
  const clients = await attempt("Could not load the API clients", () => get("/v1/api-clients"));
  if (!clients) return;
  $("api-client-rows").replaceChildren(...clients.map(renderApiClient));
}

function renderApiClient(client) {
  const revoked = client.revokedAt !== null && client.revokedAt !== undefined;
  return el("tr", { class: revoked ? "agent-disabled" : null, "data-testid": "api-client-row", dataset: { id: client.id } },
    el("td", {},
      el("span", { class: "name" }, client.name),
      el("span", { class: "agent-username muted" }, `created ${new Date(client.createdAt).toLocaleString()} by ${client.createdBy}`)),
    el("td", { "data-testid": "api-client-scopes" }, client.scopes.join(", ")),
    el("td", { "data-testid": "api-client-last-used" }, client.lastUsedAt ? new Date(client.lastUsedAt).toLocaleString() : "Never"),
    el("td", {}, el("span", { class: `agent-status${revoked ? " disabled" : ""}`, "data-testid": "api-client-status" },
      revoked ? `Revoked by ${client.revokedBy}` : "Active")),
    el("td", {}, revoked ? "" : el("button", {
      type: "button", class: "button small danger", "data-testid": "api-client-revoke",
      title: "Every service refuses its key within seconds",
      onclick: () => revokeApiClient(client),
    }, "Revoke")));
}

async function revokeApiClient(client) {
  if (!window.confirm(`Revoke ${client.name}? Every service refuses its key within seconds; this cannot be undone.`)) return;
  await attempt("Could not revoke the API client", () => del(`/v1/api-clients/${client.id}`));
  await loadApiClients();
}

async function createApiClient(event) {
  event.preventDefault();
  const form = event.target;
  const scopes = [...form.querySelectorAll("input[name=scope]:checked")].map((box) => box.value);
  const created = await attempt("Could not create the API client",
    () => post("/v1/api-clients", { name: form.name.value.trim(), scopes }));
  if (!created) return;
  form.reset();
  $("api-client-created-name").textContent = created.client.name;
  $("api-client-key").textContent = created.key;
  $("api-client-copy").textContent = "Copy";
  $("api-client-created").hidden = false;
  await loadApiClients();
}

async function copyApiClientKey() {
  try {
    await navigator.clipboard.writeText($("api-client-key").textContent);
    $("api-client-copy").textContent = "Copied";
  } catch {
    // No clipboard (an insecure origin): select the key so it can be copied by hand.
    window.getSelection().selectAllChildren($("api-client-key"));
  }
}

function renderScopeChoices() {
  $("api-client-scopes").append(...API_SCOPES.map(([scope, text]) => el("label", { class: "checkbox" },
    el("input", { type: "checkbox", name: "scope", value: scope, "data-testid": "api-client-scope" }), ` ${scope} `,
    el("span", { class: "muted" }, text))));
}

async function createAccount(event) {
  event.preventDefault();
  const form = event.target;
  const body = Object.fromEntries(new FormData(form));
  body.username = body.username.trim().toLowerCase();
  const created = await attempt("Could not add the agent", () => post("/v1/agents", body));
  if (!created) return;
  form.reset();
  await loadAccounts();
}

function askReset(agent) {
  const dialog = $("reset-dialog");
  $("reset-form").reset();
  $("reset-form").dataset.username = agent.username;
  $("reset-name").textContent = agent.displayName || agent.username;
  setStatus("reset-status", "");
  dialog.showModal();
}

async function resetPassword(event) {
  event.preventDefault();
  const form = event.target;
  try {
    await put(`/v1/agents/${encodeURIComponent(form.dataset.username)}/password`, { password: form.password.value });
    $("reset-dialog").close();
  } catch (error) {
    setStatus("reset-status", error.message, "error");
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Failed messages (admins): every service's _error queue and the sends that ended failed, grouped by cause, with
// replay and discard (README, "Failed messages"). The server records who did what; the list is read again after each.

async function loadFailures() {
  const view = await attempt("Could not load the failed messages", () => get("/v1/failures"));
  if (!view) return;
  state.failures = view.groups;
  $("failures-summary").textContent = view.total ? `${view.total} open failure${view.total === 1 ? "" : "s"} in ${view.groups.length} group${view.groups.length === 1 ? "" : "s"}` : "";
  $("failures-empty").hidden = view.groups.length > 0;
  $("failures-replay-all").disabled = !view.groups.some((g) => replayable(g) > 0);
  $("failure-rows").replaceChildren(...view.groups.map(renderFailureGroup));
}

function renderFailureGroup(group) {
  const seen = (iso) => el("span", { title: fullTime(iso) }, shortTime(iso));
  const question = replayQuestion(group);
  return el("tr", { "data-testid": "failure-group", dataset: { key: group.key } },
    el("td", { class: "failure-cause" },
      el("span", { class: "name" }, group.cause),
      el("span", { class: "agent-username muted", "data-testid": "failure-sample" }, group.sample.sample)),
    el("td", { class: "failure-source" }, sourceLine(group)),
    el("td", { class: "failure-count", "data-testid": "failure-count" }, ...countLine(group).split(" · ").map((line, i) =>
      el("span", { class: i ? "failed-again" : null }, line))),
    el("td", { class: "failure-seen" }, seen(group.firstSeen), el("br"), seen(group.lastSeen)),
    el("td", {}, el("div", { class: "agent-actions" },
      el("button", {
        type: "button", class: "button small", "data-testid": "failure-replay", disabled: question === null,
        title: question === null ? "Everything here failed again after a replay: replay each by hand, or discard" : null,
        onclick: () => replayFailures({ group: group.key }, question),
      }, "Replay"),
      el("button", { type: "button", class: "button small danger", "data-testid": "failure-discard", onclick: () => askDiscard(group) }, "Discard…"))));
}

async function replayFailures(selection, question) {
  if (question && !window.confirm(question)) return;
  const result = await attempt("Could not replay", () => post("/v1/failures/replay", selection));
  if (result) $("failures-summary").textContent = `Replayed ${result.applied}${result.failed ? `; ${result.failed} could not be replayed` : ""}.`;
  await loadFailures();
}

function askDiscard(group) {
  $("discard-form").reset();
  $("discard-form").dataset.group = group.key;
  $("discard-count").textContent = countLine(group).split(" · ")[0];
  setStatus("discard-status", "");
  $("discard-dialog").showModal();
}

async function discardFailures(event) {
  event.preventDefault();
  const form = event.target;
  try {
    await post("/v1/failures/discard", { group: form.dataset.group, reason: form.reason.value });
    $("discard-dialog").close();
    await loadFailures();
  } catch (error) {
    setStatus("discard-status", error.message, "error");
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The agent's own password: the current one, the new one twice. The other sessions end; this one stays.

function askPasswordChange() {
  $("password-form").reset();
  setStatus("password-status", "");
  $("password-dialog").showModal();
}

async function changePassword(event) {
  event.preventDefault();
  const form = event.target;
  if (form.newPassword.value !== form.confirm.value) {
    setStatus("password-status", "The new password and its repetition differ.", "error");
    return;
  }
  try {
    await put("/auth/password", { currentPassword: form.currentPassword.value, newPassword: form.newPassword.value });
    form.reset();
    setStatus("password-status", "Password changed. Your other sessions are signed out.", "done");
  } catch (error) {
    if (error.status !== 401) setStatus("password-status", error.message, "error");
  }
}

function setStatus(id, text, kind) {
  const status = $(id);
  status.textContent = text;
  status.className = `form-status${kind ? ` ${kind}` : ""}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Live updates

function connectEvents() {
  const connection = $("connection");
  const source = new EventSource("/v1/events", { withCredentials: true });
  const parse = (event) => { try { return JSON.parse(event.data); } catch { return null; } };
  source.addEventListener("open", () => {
    connection.textContent = "Live";
    connection.className = "connection live";
  });
  source.addEventListener("error", () => {
    connection.textContent = source.readyState === EventSource.CLOSED ? "Offline — reload the page" : "Reconnecting…";
    connection.className = "connection offline";
    if (source.readyState === EventSource.CLOSED) {
      // A closed stream usually means the session ended: check, and come back in a few seconds.
      get("/auth/me").then(() => setTimeout(connectEvents, 5000)).catch(() => {});
    }
  });
  source.addEventListener("conversation", (event) => {
    const summary = parse(event);
    if (summary?.id) upsertConversation(summary, { live: true });
  });
  source.addEventListener("message", (event) => {
    const data = parse(event);
    if (data?.conversationId && data.message) {
      upsertMessage(data.conversationId, data.message);
      if (data.message.direction === "inbound" && data.conversationId === state.selectedId && document.visibilityState === "visible") {
        markRead(data.conversationId);
      }
    }
  });
  source.addEventListener("status", (event) => {
    const data = parse(event);
    if (data?.messageId) applyStatus(data);
  });
  // Away longer than the feed keeps changes: what was missed is gone, so reload what is shown.
  source.addEventListener("reset", () => {
    loadConversations();
    if (state.selectedId) { const id = state.selectedId; state.detail = null; selectConversation(id); }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Start

function debounce(action, milliseconds) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => action(...args), milliseconds); };
}

function wire() {
  const reload = () => loadConversations();
  const form = $("filters");
  form.addEventListener("submit", (e) => { e.preventDefault(); reload(); });
  for (const name of ["status", "assignee", "team", "flagged"]) form[name].addEventListener("change", reload);
  const typed = debounce(reload, 300);
  form.q.addEventListener("input", typed);
  form.label.addEventListener("input", typed);
  $("load-more").addEventListener("click", () => loadConversations({ append: true }));
  $("load-older-messages").addEventListener("click", loadOlderMessages);

  const compose = $("compose-text");
  compose.addEventListener("input", () => { state.replyKey = null; updateCounter(); });
  compose.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); $("compose").requestSubmit(); }
  });
  $("compose").addEventListener("submit", sendReply);
  $("compose-picture").addEventListener("change", choosePicture);
  $("canned-picker").addEventListener("change", pickCannedResponse);

  $("assign-select").addEventListener("change", (e) =>
    conversationAction("assign", { assignee: e.target.value || null }, "Could not assign the conversation"));
  $("flag-button").addEventListener("click", () =>
    conversationAction("flag", { flagged: !state.detail?.conversation.flagged }, "Could not flag the conversation"));
  $("resolve-button").addEventListener("click", async () => {
    await conversationAction("resolve", {}, "Could not resolve the conversation");
    if (!$("reopen-button").hidden) $("reopen-button").focus();
  });
  $("return-button").addEventListener("click", async () => {
    await conversationAction("return-to-automation", {}, "Could not return the conversation to the automation");
    if (!$("resolve-button").hidden) $("resolve-button").focus();
  });
  $("availability-toggle").addEventListener("click", toggleAvailability);
  $("reopen-button").addEventListener("click", async () => {
    await conversationAction("reopen", {}, "Could not reopen the conversation");
    if (!$("resolve-button").hidden) $("resolve-button").focus();
  });
  $("label-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const input = $("label-input");
    const label = input.value.trim();
    if (!label) return;
    input.value = "";
    changeLabels({ add: [label] });
  });

  $("opt-out-button").addEventListener("click", askOptOut);
  $("opt-out-dialog").addEventListener("close", optOutConfirmed);

  $("sessions-button").addEventListener("click", showSessions);
  $("sessions-close").addEventListener("click", () => $("sessions-dialog").close());
  $("sessions-end-all").addEventListener("click", async () => {
    try { await del("/auth/sessions"); } catch { /* signed out either way */ }
    window.location.assign("/inbox/login.html");
  });

  $("logout").addEventListener("click", async () => {
    try { await post("/auth/logout"); } catch { /* signed out either way */ }
    window.location.assign("/inbox/login.html");
  });

  // Arrow keys move through the conversation list.
  $("conversation-list").addEventListener("keydown", (e) => {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const buttons = [...document.querySelectorAll(".conversation-button")];
    const index = buttons.indexOf(document.activeElement);
    if (index < 0) return;
    e.preventDefault();
    buttons[Math.max(0, Math.min(buttons.length - 1, index + (e.key === "ArrowDown" ? 1 : -1)))].focus();
  });

  $("nav-conversations").addEventListener("click", (e) => { e.preventDefault(); showView("conversations"); });
  $("nav-reviews").addEventListener("click", (e) => { e.preventDefault(); showView("reviews"); });
  $("nav-agents").addEventListener("click", (e) => { e.preventDefault(); showView("agents"); });
  $("nav-failures").addEventListener("click", (e) => { e.preventDefault(); showView("failures"); });
  $("failures-replay-all").addEventListener("click", () => replayFailures({ all: true },
    "Replay every open failure? Those that failed again after a replay stay out."));
  $("discard-form").addEventListener("submit", discardFailures);
  $("discard-close").addEventListener("click", () => $("discard-dialog").close());
  $("nav-webhooks").addEventListener("click", (e) => { e.preventDefault(); showView("webhooks"); });
  $("nav-campaigns").addEventListener("click", (e) => { e.preventDefault(); showView("campaigns"); });
  $("agent-create").addEventListener("submit", createAccount);
  $("nav-api-clients").addEventListener("click", (e) => { e.preventDefault(); showView("api-clients"); });
  $("api-client-create").addEventListener("submit", createApiClient);
  $("api-client-copy").addEventListener("click", copyApiClientKey);
  renderScopeChoices();
  $("reset-form").addEventListener("submit", resetPassword);
  $("reset-close").addEventListener("click", () => $("reset-dialog").close());
  $("password-button").addEventListener("click", askPasswordChange);
  $("password-form").addEventListener("submit", changePassword);
  $("password-close").addEventListener("click", () => $("password-dialog").close());
  $("reviews-filter").addEventListener("change", () => loadReviews());

  setInterval(refreshSlaClocks, 15000);
  setInterval(refreshReviews, REVIEWS_REFRESH_MS);
  setInterval(() => webhooks?.refreshAlert(), WEBHOOKS_REFRESH_MS);
  setInterval(() => loadTeams({ quiet: true }), TEAMS_REFRESH_MS);
  askNotificationPermissionOnce();
}

async function start() {
  let me;
  try {
    me = await get("/auth/me");
  } catch {
    return; // 401 already went to the sign-in page
  }
  state.me = me;
  $("me-name").textContent = me.displayName || me.username;
  $("nav-agents").hidden = !isAdmin();
  $("nav-failures").hidden = !isAdmin();
  $("nav-webhooks").hidden = !isAdmin();
  $("nav-api-clients").hidden = !isAdmin();
  // A key's caller (a bootstrap key, an API client: no session) has no password of its own to change.
  $("password-button").hidden = me.username === "api-key" || me.username.startsWith("client:");
  wire();
  if (isAdmin()) {
    webhooks = webhooksView({ $, el, attempt });
    webhooks.refreshAlert(); // a subscription disabled after failing for a day shows on the nav at once
    // Campaigns shows only where a pass for it can be had: this inbox opens Campaigns, and the agent's role may.
    const view = campaignsView({ $, el, attempt });
    if (await view.available()) {
      campaigns = view;
      $("nav-campaigns").hidden = false;
    }
  }
  updateCounter();
  connectEvents(); // first, so nothing that changes while the list loads is missed
  state.agents = (await attempt("Could not load the agents", () => get("/v1/agents"))) ?? [];
  await loadTeams();
  await loadConversations();
  const fromHash = decodeURIComponent(window.location.hash.slice(1));
  if (fromHash === "reviews") showView("reviews");
  else if (fromHash === "agents" && isAdmin()) showView("agents");
  else if (fromHash === "failures" && isAdmin()) showView("failures");
  else if (fromHash === "webhooks" && isAdmin()) showView("webhooks");
  else if (fromHash === "api-clients" && isAdmin()) showView("api-clients");
  else if (fromHash === "campaigns" && campaigns) showView("campaigns");
  else {
    refreshReviews();
    if (fromHash && !["agents", "failures", "webhooks", "api-clients", "campaigns"].includes(fromHash)) selectConversation(fromHash);
  }
}

start();
