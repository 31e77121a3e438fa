// The Campaigns view: the campaigns with their progress, a create form (segment builder with a live preview, text with
// the segment counter and the content check, schedule), dry run, launch, pause, resume, cancel, and the results with a
// reply chart. It calls Campaigns itself, not through Conversations: with an inbox pass Conversations issues to the
// signed-in agent (POST /v1/inbox/passes), sent as "Authorization: Bearer v1.…" to the URL the pass names, renewed a
// minute before it expires and once on a 401 (README, "The Campaigns page"). app.js shows the view and passes helpers in.

import { ApiError, post, problemMessage } from "./api.js";
import { describe, measure } from "./segments.js";

/** A pass is renewed when less than this is left of it. */
const RENEW_BEFORE_MS = 60000;
/** A campaign being planned or sent is read again this often. */
const POLL_MS = 1500;
/** The list reads the progress of at most this many planned campaigns, the newest. */
const MAX_PROGRESS_READS = 20;
/** The segment preview waits this long after the last change to the builder. */
const PREVIEW_DEBOUNCE_MS = 400;

/** The actions each status allows, as Campaigns' CampaignLifecycle decides them. */
export function actionsAllowed(status) {
  switch (status) {
    case "draft": return ["dry-run", "launch", "cancel"];
    case "planning": return ["cancel"];
    case "running": return ["pause", "cancel"];
    case "paused": return ["resume", "cancel"];
    default: return [];
  }
}

/** Whether the view keeps reading a campaign: while it is planned or sent. */
export const isLive = (status) => status === "planning" || status === "running";

/** How far a campaign is: recipients no longer pending, out of all, as a percentage (a finished one is 100). */
export function progressOf(campaign) {
  const recipients = campaign.progress?.recipients ?? 0;
  const pending = campaign.progress?.byState?.pending ?? 0;
  const handled = recipients - pending;
  const percent = campaign.status === "completed" ? 100 : recipients === 0 ? 0 : Math.floor((handled * 100) / recipients);
  return { recipients, handled, percent };
}

const list = (text) => (text ?? "").split(",").map((s) => s.trim()).filter(Boolean);
const number = (text) => (text === "" || text === null || text === undefined ? null : Number(text));

/** The segment definition the builder's fields describe (conditions left empty are left out). */
export function definitionFrom(values) {
  const definition = {
    labelsAll: list(values.labelsAll),
    labelsAny: list(values.labelsAny),
    labelsNone: list(values.labelsNone),
    countries: list(values.countries).map((c) => c.toUpperCase()),
    excludeOwnedByPeople: Boolean(values.excludeOwnedByPeople),
  };
  if (values.attributeName?.trim()) {
    definition.attributes = [{ name: values.attributeName.trim(), operator: values.attributeOperator || "Equals", value: values.attributeValue ?? "" }];
  }
  if (number(values.engagementMin) !== null) definition.engagementMin = number(values.engagementMin);
  if (number(values.engagementMax) !== null) definition.engagementMax = number(values.engagementMax);
  if (values.consentPurpose) definition.consent = { purpose: values.consentPurpose, state: values.consentState || "OptedIn" };
  return definition;
}

/** The schedule part of a campaign request: at launch, at a time, or at a local time in each recipient's zone. */
export function scheduleFrom(values) {
  const schedule = { spreadMinutes: number(values.spreadMinutes) ?? 0, pacePerSecond: number(values.pacePerSecond) ?? 10 };
  if (values.when === "at" && values.sendAt) schedule.sendAt = new Date(values.sendAt).toISOString();
  if (values.when === "local") schedule.localTime = values.localTime || "10:00";
  return schedule;
}

/** The dry run's tally as [label, count] lines, suppressions by reason. */
export function dryRunLines(dryRun) {
  const suppressed = Object.entries(dryRun.suppressed ?? {});
  return [
    ["Recipients", dryRun.recipients],
    ["Would be sent", dryRun.approved],
    ["Suppressed", suppressed.reduce((sum, [, n]) => sum + n, 0)],
    ...suppressed.map(([reason, n]) => [`· ${reason.replaceAll("_", " ")}`, n]),
    ["Deferred (quiet hours, daily budget)", dryRun.deferred],
    ["Held for a consent review", dryRun.held],
    ["Invalid numbers", dryRun.invalidNumbers],
    ["Duplicates", dryRun.duplicates],
  ];
}

const percent = (rate) => (rate === null || rate === undefined ? "–" : `${(rate * 100).toFixed(1)}%`);

/** "42 s", "3 min", "2.5 h"; "–" before any reply. */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return "–";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** The results as [label, value] rows of the table. */
export function resultRows(results) {
  const rows = [
    ["Recipients", results.recipients],
    ["Published", results.published],
    ["Sent", results.sent],
    ["Delivered", results.delivered],
    ["Failed", results.failed],
    ["Suppressed", results.suppressed],
    ...Object.entries(results.suppressedByReason ?? {}).map(([reason, n]) => [`· ${reason.replaceAll("_", " ")}`, n]),
    ["Deferred", results.deferred],
    ["Replies", `${results.replies} (${percent(results.replyRate)})`],
    ["Keyword matches", `${results.keywordMatches} (${percent(results.keywordMatchRate)})`],
    ["Opt-outs", `${results.optOuts} (${percent(results.optOutRate)})`],
    ["Median time to reply", duration(results.medianSecondsToReply)],
    ["Handed to an agent", results.agentHandoffs],
    ["Segments sent", results.segmentsSent],
    ["Cost", results.cost === null || results.cost === undefined ? "unknown (a country has no price)" : results.cost.toFixed(4)],
  ];
  if (results.flowCompletionRate !== null && results.flowCompletionRate !== undefined) {
    rows.splice(12, 0, ["Flows completed", `${results.flowCompletions} (${percent(results.flowCompletionRate)})`]);
  }
  if ((results.links ?? []).length > 0) {
    const at = rows.findIndex(([label]) => label === "Median time to reply");
    rows.splice(at, 0, ["Clicked a link", `${results.clicks} (${percent(results.clickRate)})`],
      ...results.links.map((l) => [`· ${l.url}`, `${l.recipients} (${l.clicks} ${l.clicks === 1 ? "click" : "clicks"})`]));
  }
  return rows;
}

/** What the segment counter adds when links go out tracked (their clicks are counted). */
export function trackedLinksNote(trackedLinks) {
  const count = trackedLinks?.length ?? 0;
  if (count === 0) return "";
  return count === 1 ? " · 1 link tracked (counted as it goes out)" : ` · ${count} links tracked (counted as they go out)`;
}

/** The reply chart's bars: each option or keyword, most first, then the replies that matched none. */
export function replyBars(results) {
  const bars = (results.replyBreakdown ?? []).map((o) => ({ label: o.option, count: o.replies, unmatched: false }));
  if (results.unmatchedReplies > 0) bars.push({ label: "No match", count: results.unmatchedReplies, unmatched: true });
  const most = Math.max(1, ...bars.map((b) => b.count));
  return bars.map((b) => ({ ...b, width: Math.round((b.count * 100) / most) }));
}

/** Calls Campaigns with a pass: asks Conversations for one, renews it before it expires and once on a 401. */
export function campaignsClient(askPass = () => post("/v1/inbox/passes", { service: "campaigns" }), now = () => Date.now()) {
  let pass = null;

  async function currentPass(renew) {
    if (renew || !pass || Date.parse(pass.expiresAt) - now() < RENEW_BEFORE_MS) pass = await askPass();
    return pass;
  }

  async function call(method, path, body, retried = false) {
    const { token, url } = await currentPass(false);
    const headers = { Accept: "application/json", Authorization: `Bearer ${token}` };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), mode: "cors", credentials: "omit" });
    } catch {
      throw new ApiError(0, "The inbox cannot reach the Campaigns service. Check that it runs and that it allows this inbox's address.");
    }
    if (response.status === 401 && !retried) {
      await currentPass(true);
      return call(method, path, body, true);
    }
    if (!response.ok) {
      const { message, errors } = await problemMessage(response);
      // A second 401 is Campaigns refusing a fresh pass (the keys differ): not the end of the inbox session.
      if (response.status === 401) throw new ApiError(0, `Campaigns did not accept this inbox's pass: ${message}`);
      throw new ApiError(response.status, message, errors);
    }
    if (response.status === 204 || response.headers.get("Content-Length") === "0") return null;
    return (response.headers.get("Content-Type") ?? "").includes("json") ? response.json() : null;
  }

  return {
    /** True when a pass can be had: the agent may open Campaigns (and this inbox is set up to). */
    async available() {
      try { await currentPass(false); return true; } catch { return false; }
    },
    get: (path) => call("GET", path),
    post: (path, body) => call("POST", path, body ?? {}),
    put: (path, body) => call("PUT", path, body),
  };
}

/** Wires the view; returns what app.js calls: available() at start, load() when the view opens, leave() when it closes. */
export function campaignsView({ $, el, attempt }) {
  const api = campaignsClient();
  const form = $("campaign-form");
  let campaigns = [];
  let openId = null;
  let pollTimer = null;
  let previewTimer = null;
  let previewGeneration = 0;
  let composeTimer = null;
  let composeGeneration = 0;
  let warnings = [];

  const values = () => {
    const data = Object.fromEntries(new FormData(form).entries());
    data.excludeOwnedByPeople = form.elements.excludeOwnedByPeople.checked;
    data.override = form.elements.override.checked;
    return data;
  };

  async function load() {
    const answer = await attempt("Could not load the campaigns", () => api.get("/v1/campaigns"));
    if (!answer) return;
    campaigns = answer.campaigns ?? [];
    renderList();
    // The list carries no progress: read it for the newest planned campaigns, so each of their rows has its bar.
    const underWay = campaigns.filter((c) => c.status !== "draft").slice(0, MAX_PROGRESS_READS);
    const details = await Promise.all(underWay.map((c) => api.get(`/v1/campaigns/${c.id}`).catch(() => null)));
    for (const detail of details) {
      const row = detail && campaigns.find((c) => c.id === detail.id);
      if (row) Object.assign(row, detail);
    }
    if (details.some(Boolean)) renderList();
    if (openId) await openCampaign(openId);
  }

  function statusChip(status) {
    return el("span", { class: `chip small status-chip-${status}`, "data-testid": "campaign-row-status" }, status);
  }

  function renderList() {
    $("campaign-rows").replaceChildren(...campaigns.map((c) => {
      const { percent: done, handled, recipients } = progressOf(c);
      return el("tr", { "data-testid": "campaign-row", "data-campaign-id": c.id },
        el("td", {}, el("button", { type: "button", class: "campaign-rows-name", onclick: () => openCampaign(c.id) }, c.name)),
        el("td", {}, statusChip(c.status)),
        el("td", {}, c.progress
          ? [el("span", { class: "progress mini-progress", role: "progressbar", "aria-valuenow": done, "aria-valuemin": 0, "aria-valuemax": 100, "aria-label": `${c.name}: ${done}%` },
            el("span", { class: "progress-fill", style: `display:block;width:${done}%` })), `${handled} / ${recipients}`]
          : el("span", { class: "muted" }, c.status === "draft" ? "not planned" : "–")),
        el("td", { class: "muted" }, new Date(c.createdAt).toLocaleString()));
    }));
    $("campaigns-empty").hidden = campaigns.length > 0;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Create

  async function showForm() {
    form.reset();
    $("campaign-form-status").textContent = "";
    $("campaign-detail").hidden = true;
    stopPolling();
    openId = null;
    form.hidden = false;
    form.elements.name.focus(); // before the lists load: focus must not move while the admin types
    syncChoices();
    renderCounter();
    $("campaign-warnings").replaceChildren();
    warnings = [];
    const [segments, audiences] = await Promise.all([
      attempt("Could not load the segments", () => api.get("/v1/segments")),
      attempt("Could not load the uploaded lists", () => api.get("/v1/audiences")),
    ]);
    $("audience-segment-pick").querySelector("select").replaceChildren(
      ...(itemsOf(segments)).map((s) => el("option", { value: s.id }, s.name)));
    $("audience-upload-pick").querySelector("select").replaceChildren(
      ...(itemsOf(audiences)).map((a) => el("option", { value: a.id }, `${a.name} (${a.members} numbers)`)));
    schedulePreview();
  }

  const itemsOf = (answer) => (Array.isArray(answer) ? answer : answer?.segments ?? answer?.audiences ?? answer?.items ?? []);

  function syncChoices() {
    const data = values();
    $("segment-builder").hidden = data.audience !== "new";
    $("audience-segment-pick").hidden = data.audience !== "segment";
    $("audience-upload-pick").hidden = data.audience !== "upload";
    $("content-text-fields").hidden = data.content !== "text";
    $("content-flow-fields").hidden = data.content !== "flow";
    $("schedule-at-field").hidden = data.when !== "at";
    $("schedule-local-field").hidden = data.when !== "local";
  }

  function schedulePreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(preview, PREVIEW_DEBOUNCE_MS);
  }

  async function preview() {
    const data = values();
    const generation = ++previewGeneration;
    $("segment-preview-count").textContent = "…";
    let answer;
    try {
      if (data.audience === "new") answer = await api.post("/v1/segments/preview", { definition: definitionFrom(data) });
      else if (data.audience === "segment" && data.segmentId) answer = await api.get(`/v1/segments/${encodeURIComponent(data.segmentId)}/preview`);
      else answer = null;
    } catch (error) {
      if (generation !== previewGeneration) return;
      $("segment-preview-count").textContent = "–";
      $("segment-preview-note").textContent = error.message;
      $("segment-preview-sample").replaceChildren();
      return;
    }
    if (generation !== previewGeneration) return;
    $("segment-preview-count").textContent = answer ? String(answer.count) : "–";
    $("segment-preview-note").textContent = answer ? (answer.count === 1 ? "contact matches now" : "contacts match now") : "an uploaded list: its numbers, as uploaded";
    $("segment-preview-sample").replaceChildren(...(answer?.sample ?? []).map((c) =>
      el("li", { title: (c.labels ?? []).join(", ") }, [c.name, c.number].filter(Boolean).join(" · "))));
  }

  function renderCounter() {
    const text = form.elements.text.value;
    const counter = $("campaign-segment-counter");
    const measured = measure(text);
    counter.textContent = describe(measured);
    counter.classList.toggle("ucs2", measured.encoding !== "Gsm7");
  }

  function scheduleCompose() {
    renderCounter();
    clearTimeout(composeTimer);
    composeTimer = setTimeout(compose, PREVIEW_DEBOUNCE_MS);
  }

  /** The content check, as the carrier bills the text with each placeholder at its longest fallback. */
  async function compose() {
    const data = values();
    const generation = ++composeGeneration;
    if (!data.text.trim()) {
      warnings = [];
      renderWarnings();
      return;
    }
    try {
      const answer = await api.post("/v1/campaigns/compose", { text: data.text, category: data.category });
      if (generation !== composeGeneration) return;
      warnings = answer.warnings ?? [];
      $("campaign-segment-counter").textContent =
        `${answer.characters} characters · ${answer.segments} ${answer.segments === 1 ? "segment" : "segments"} · ${answer.encoding === "gsm7" ? "GSM-7" : "UCS-2"} (as billed, placeholders at their longest)` +
        trackedLinksNote(answer.trackedLinks);
    } catch (error) {
      if (generation !== composeGeneration) return;
      warnings = [{ code: "check_failed", message: error.message }];
    }
    renderWarnings();
  }

  function renderWarnings() {
    $("campaign-warnings").replaceChildren(...warnings.map((w) => el("li", { "data-code": w.code }, w.message)));
    $("campaign-override-row").hidden = warnings.length === 0;
  }

  async function save(event) {
    event.preventDefault();
    const data = values();
    const status = $("campaign-form-status");
    if (!data.name.trim()) { status.textContent = "Give the campaign a name."; return; }
    if (data.content === "text" && warnings.length > 0 && !data.override) {
      status.textContent = "The content check has warnings: change the text, or tick “Send anyway”.";
      return;
    }
    status.textContent = "Saving…";
    try {
      const request = { name: data.name.trim(), category: data.category, ...scheduleFrom(data) };
      if (data.content === "text") request.text = data.text; else request.flowName = data.flowName.trim();
      if (data.audience === "new") {
        const segment = await api.post("/v1/segments", { name: data.segmentName.trim() || `${request.name} audience`, definition: definitionFrom(data) });
        request.segmentId = segment.id;
      } else if (data.audience === "segment") request.segmentId = data.segmentId;
      else request.audienceId = data.audienceId;
      const created = await api.post("/v1/campaigns", request);
      status.textContent = "";
      form.hidden = true;
      await load();
      await openCampaign(created.id);
    } catch (error) {
      status.textContent = error.message;
    }
  }

  // ------------------------------------------------------------------------------------------------------------
  // One campaign

  async function openCampaign(id) {
    openId = id;
    form.hidden = true;
    const campaign = await attempt("Could not load the campaign", () => api.get(`/v1/campaigns/${id}`));
    if (!campaign || openId !== id) return;
    renderCampaign(campaign);
    await loadResults(id);
    if (isLive(campaign.status)) startPolling(id); else stopPolling();
  }

  function renderCampaign(campaign) {
    $("campaign-detail").hidden = false;
    $("campaign-detail").dataset.campaignId = campaign.id;
    $("campaign-detail-name").textContent = campaign.name;
    const chip = $("campaign-status");
    chip.textContent = campaign.status;
    chip.className = `chip status-chip-${campaign.status}`;
    const when = campaign.localTime ? `at ${campaign.localTime} in each recipient's zone` : campaign.sendAt ? `at ${new Date(campaign.sendAt).toLocaleString()}` : "at launch";
    $("campaign-summary").textContent = `${campaign.flowName ? `flow ${campaign.flowName}` : "a text"} · ${campaign.category.toLowerCase()} · ${when} · ${campaign.pacePerSecond}/s`;
    const allowed = actionsAllowed(campaign.status);
    for (const button of $("campaign-detail").querySelectorAll("[data-action]")) button.disabled = !allowed.includes(button.dataset.action);

    const { percent: done, handled, recipients } = progressOf(campaign);
    const bar = $("campaign-progress");
    bar.setAttribute("aria-valuenow", String(done));
    bar.classList.toggle("done", campaign.status === "completed");
    $("campaign-progress-fill").style.width = `${done}%`;
    $("campaign-progress-text").textContent = campaign.progress
      ? `${handled} of ${recipients} handled (${done}%)` : campaign.status === "draft" ? "Not planned yet" : "";

    const tally = $("campaign-dry-run-result");
    tally.hidden = !campaign.dryRun;
    if (campaign.dryRun) {
      $("campaign-dry-run-figures").replaceChildren(...dryRunLines(campaign.dryRun).flatMap(([label, count]) =>
        [el("dt", {}, label), el("dd", { "data-testid": "dry-run-figure", "data-label": label }, String(count))]));
    }
    const row = campaigns.find((c) => c.id === campaign.id);
    if (row && (row.status !== campaign.status || JSON.stringify(row.progress) !== JSON.stringify(campaign.progress))) {
      Object.assign(row, campaign);
      renderList();
    }
  }

  async function loadResults(id) {
    let results;
    try {
      results = await api.get(`/v1/campaigns/${id}/results`);
    } catch { return; }
    if (openId !== id || !results) return;
    $("campaign-result-rows").replaceChildren(...resultRows(results).map(([label, value]) =>
      el("tr", {}, el("th", { scope: "row" }, label), el("td", { "data-testid": "result-figure", "data-label": label }, String(value)))));
    const bars = replyBars(results);
    const chart = $("campaign-reply-chart");
    chart.setAttribute("aria-label", bars.length ? `Replies: ${bars.map((b) => `${b.label} ${b.count}`).join(", ")}` : "No replies yet");
    chart.replaceChildren(...(bars.length
      ? bars.map((b) => el("div", { class: `reply-bar${b.unmatched ? " unmatched" : ""}`, "aria-hidden": "true" },
        el("span", {}, b.label), el("span", { class: "bar", style: `width:${b.width}%` }), el("span", {}, String(b.count))))
      : [el("p", { class: "muted" }, "No replies yet.")]));
  }

  function startPolling(id) {
    stopPolling();
    pollTimer = setInterval(async () => {
      if (openId !== id) return stopPolling();
      let campaign;
      try { campaign = await api.get(`/v1/campaigns/${id}`); } catch { return; }
      if (openId !== id) return;
      renderCampaign(campaign);
      await loadResults(id);
      if (!isLive(campaign.status)) stopPolling();
    }, POLL_MS);
  }

  function stopPolling() {
    clearInterval(pollTimer);
    pollTimer = null;
  }

  async function act(action) {
    const id = openId;
    if (!id) return;
    if (action === "cancel" && !window.confirm("Cancel this campaign? Recipients not yet sent to get nothing.")) return;
    const buttons = $("campaign-detail").querySelectorAll("[data-action]");
    for (const button of buttons) button.disabled = true;
    $("campaign-progress-text").textContent = action === "dry-run" ? "Dry run: asking Compliance…" : action === "launch" ? "Planning…" : "";
    const campaign = await attempt(`Could not ${action.replace("-", " ")} the campaign`, () => api.post(`/v1/campaigns/${id}/${action}`));
    await openCampaign(id);
    if (campaign) await load();
  }

  // ------------------------------------------------------------------------------------------------------------

  $("campaign-new").addEventListener("click", showForm);
  $("campaign-form-close").addEventListener("click", () => { form.hidden = true; });
  form.addEventListener("submit", save);
  form.addEventListener("change", (e) => {
    syncChoices();
    if (e.target.closest("#segment-builder") || ["audience", "segmentId"].includes(e.target.name)) schedulePreview();
    if (["category"].includes(e.target.name)) scheduleCompose();
  });
  $("segment-builder").addEventListener("input", schedulePreview);
  form.elements.text.addEventListener("input", scheduleCompose);
  for (const button of $("campaign-detail").querySelectorAll("[data-action]")) {
    button.addEventListener("click", () => act(button.dataset.action));
  }

  return {
    available: () => api.available(),
    load,
    leave: stopPolling,
  };
}
