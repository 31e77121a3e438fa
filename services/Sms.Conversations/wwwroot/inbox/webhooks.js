// The Webhooks view (admins): subscriptions with their state, the secret shown once at creation, each subscription's
// delivery log with every attempt, and the replay of one delivery. The API is /v1/webhooks (README, "Webhooks");
// app.js shows the view and passes its helpers in. The words a row says are pure functions, below.

import { del, get, post, put, query } from "./api.js";

/** The event types a subscription may ask for, as the API names them, with what each means. */
export const EVENT_TYPES = [
  ["message.received", "A customer's message"],
  ["reply.classified", "A reply automation understood"],
  ["message.status", "Sent, delivered, failed or unknown"],
  ["consent.opted_out", "Opted out"],
  ["consent.opted_in", "Opted in"],
  ["conversation.escalated", "Escalated to people"],
  ["conversation.owner_changed", "Handed to people, or back to automation"],
];

/** "Active", "Failing since …", "Disabled: <reason>". */
export function subscriptionStatus(subscription) {
  if (!subscription.enabled) return `Disabled: ${subscription.disabledReason ?? "by an admin"}`;
  if (subscription.failingSince) return `Failing since ${new Date(subscription.failingSince).toLocaleString()}`;
  return "Active";
}

/** A subscription the platform switched off because it failed for a day: admins are shown these until they act. */
export function disabledByFailure(subscription) {
  return !subscription.enabled && Boolean(subscription.disabledReason) && subscription.disabledReason !== "disabled by an admin";
}

/** One attempt of the log: "12:03:04 · HTTP 500 · 84 ms · HTTP 500 Internal Server Error". */
export function attemptLine(attempt) {
  const status = attempt.statusCode ? `HTTP ${attempt.statusCode}` : "no answer";
  return [new Date(attempt.at).toLocaleTimeString(), status, `${attempt.latencyMs} ms`, attempt.error].filter(Boolean).join(" · ");
}

/** What a delivery's state says: delivered, given up, or when it is tried next. */
export function deliveryState(delivery) {
  if (delivery.state === "delivered") return "Delivered";
  if (delivery.state === "failed") return "Given up";
  return delivery.attempts === 0 ? "Queued" : `Retrying at ${new Date(delivery.nextAttemptAt).toLocaleTimeString()}`;
}

/** Wires the view; returns what app.js calls: load() when the view opens, refreshAlert() at start. */
export function webhooksView({ $, el, attempt }) {
  let subscriptions = [];
  let openLog = null; // the subscription whose deliveries are shown

  function renderAlert() {
    const failed = subscriptions.filter(disabledByFailure);
    const badge = $("webhooks-alert");
    badge.hidden = failed.length === 0;
    badge.textContent = String(failed.length);
    badge.title = failed.length ? `${failed.length} webhook subscription(s) disabled after failing for a day` : "";
    const notice = $("webhooks-notice");
    notice.hidden = failed.length === 0;
    notice.textContent = failed.length
      ? `${failed.length} subscription(s) failed for a day and were disabled. Fix the receiver, then enable them: their waiting deliveries go out.`
      : "";
  }

  async function refreshAlert() {
    const list = await get("/v1/webhooks").catch(() => null);
    if (!list) return;
    subscriptions = list;
    renderAlert();
  }

  async function load() {
    const list = await attempt("Could not load the webhooks", () => get("/v1/webhooks"));
    if (!list) return;
    subscriptions = list;
    renderAlert();
    $("webhook-rows").replaceChildren(...subscriptions.map(renderSubscription));
    $("webhooks-empty").hidden = subscriptions.length > 0;
    if (openLog && subscriptions.some((s) => s.id === openLog)) await loadDeliveries(openLog);
    else $("webhook-deliveries").hidden = true;
  }

  function renderSubscription(subscription) {
    const body = () => ({ url: subscription.url, eventTypes: subscription.eventTypes, description: subscription.description });
    return el("tr", { class: subscription.enabled ? null : "agent-disabled", "data-testid": "webhook-row", dataset: { id: subscription.id } },
      el("td", {}, el("span", { class: "name webhook-url" }, subscription.url),
        subscription.description ? el("span", { class: "agent-username muted" }, subscription.description) : null),
      el("td", {}, subscription.eventTypes.map((t) => el("span", { class: "chip small" }, t))),
      el("td", {}, el("span", { class: `agent-status${subscription.enabled ? "" : " disabled"}`, "data-testid": "webhook-status" }, subscriptionStatus(subscription)),
        el("span", { class: "agent-username muted" }, `by ${subscription.createdBy}, ${new Date(subscription.createdAt).toLocaleDateString()}`)),
      el("td", {}, el("div", { class: "agent-actions" },
        el("button", { type: "button", class: "button small", "data-testid": "webhook-log", onclick: () => loadDeliveries(subscription.id) }, "Deliveries"),
        el("button", {
          type: "button", class: subscription.enabled ? "button small" : "button small primary", "data-testid": "webhook-toggle",
          onclick: () => change(() => put(`/v1/webhooks/${subscription.id}`, { ...body(), enabled: !subscription.enabled }),
            subscription.enabled ? "Could not disable the webhook" : "Could not enable the webhook"),
        }, subscription.enabled ? "Disable" : "Enable"),
        el("button", {
          type: "button", class: "button small danger", "data-testid": "webhook-delete",
          onclick: () => window.confirm(`Delete the webhook to ${subscription.url} and its delivery log?`)
            && change(() => del(`/v1/webhooks/${subscription.id}`), "Could not delete the webhook"),
        }, "Delete"))));
  }

  async function change(action, context) {
    await attempt(context, async () => { await action(); return true; });
    await load();
  }

  async function loadDeliveries(id) {
    openLog = id;
    const page = await attempt("Could not load the deliveries", () => get(`/v1/webhooks/${id}/deliveries${query({ limit: 50 })}`));
    if (!page) return;
    const subscription = subscriptions.find((s) => s.id === id);
    $("webhook-deliveries-heading").textContent = `Deliveries to ${subscription?.url ?? id}`;
    $("webhook-delivery-rows").replaceChildren(...page.items.map((delivery) => el("tr", { "data-testid": "webhook-delivery" },
      el("td", {}, new Date(delivery.queuedAt).toLocaleString()),
      el("td", {}, delivery.type, el("span", { class: "agent-username muted", title: "Sms-Webhook-Id" }, delivery.eventId)),
      el("td", {}, deliveryState(delivery)),
      el("td", {}, el("details", {}, el("summary", {}, `${delivery.attempts} attempt(s)`),
        el("ol", { class: "webhook-attempts" }, delivery.attemptLog.map((a) => el("li", {}, attemptLine(a)))))),
      el("td", {}, el("button", {
        type: "button", class: "button small", "data-testid": "webhook-replay", title: "Send it again, with the same event id",
        onclick: async () => {
          await attempt("Could not replay the delivery", async () => { await post(`/v1/webhooks/${id}/deliveries/${delivery.id}/replay`); return true; });
          await loadDeliveries(id);
        },
      }, "Replay")))));
    $("webhook-deliveries-empty").hidden = page.items.length > 0;
    $("webhook-deliveries").hidden = false;
  }

  async function create(event) {
    event.preventDefault();
    const form = event.target;
    const eventTypes = [...form.querySelectorAll("input[name=eventTypes]:checked")].map((box) => box.value);
    const body = { url: form.elements.url.value.trim(), description: form.elements.description.value.trim() || null, eventTypes };
    const created = await attempt("Could not add the webhook", () => post("/v1/webhooks", body));
    if (!created) return;
    form.reset();
    $("webhook-secret-value").textContent = created.secret;
    $("webhook-secret").hidden = false;
    await load();
  }

  $("webhook-event-types").replaceChildren(...EVENT_TYPES.map(([type, words]) =>
    el("label", { class: "checkbox", title: words }, el("input", { type: "checkbox", name: "eventTypes", value: type, checked: true }), ` ${type}`)));
  $("webhook-create").addEventListener("submit", create);
  $("webhook-secret-close").addEventListener("click", () => { $("webhook-secret").hidden = true; $("webhook-secret-value").textContent = ""; });
  return { load, refreshAlert };
}
