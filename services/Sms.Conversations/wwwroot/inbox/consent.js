// The contact panel's consent table: one row per brand, one cell per purpose, from the contact's `consents`
// ([{ scope, purpose, state, source, rule, changedAt }], GET /v1/conversations/{id}). Pure, so it is checked under
// node (ConsentTableTests in tests/Sms.Conversations.Tests). The two purposes differ in what no record means:
// informational messages (reminders, alerts, answers) are allowed unless the customer opted out; marketing needs an opt-in.

export const PURPOSES = ["informational", "marketing"];

/** True when a message of the purpose may go to the brand's customer in this state ("none": no change recorded). */
export function allowed(purpose, state) {
  return purpose === "marketing" ? state === "opted_in" : state !== "opted_out";
}

const LABELS = { opted_in: "Opted in", opted_out: "Opted out", none: "No record" };

/**
 * One row per brand, in the order the API lists them (by brand), each with a cell per purpose:
 * { purpose, state: "opted_in" | "opted_out" | "none", label, allowed, effect, source, rule, changedAt }.
 * An entry of a purpose this page does not know is left out.
 */
export function consentRows(consents) {
  const brands = new Map();
  for (const consent of consents ?? []) {
    if (!PURPOSES.includes(consent.purpose)) continue;
    if (!brands.has(consent.scope)) brands.set(consent.scope, {});
    brands.get(consent.scope)[consent.purpose] = consent;
  }
  return [...brands].map(([brand, byPurpose]) => ({
    brand,
    cells: PURPOSES.map((purpose) => cell(purpose, byPurpose[purpose])),
  }));
}

function cell(purpose, consent) {
  const state = consent?.state === "opted_in" || consent?.state === "opted_out" ? consent.state : "none";
  const isAllowed = allowed(purpose, state);
  return {
    purpose,
    state,
    label: LABELS[state],
    allowed: isAllowed,
    effect: isAllowed ? "allowed" : state === "none" ? "needs an opt-in" : "not sent",
    source: consent?.source ?? null,
    rule: consent?.rule ?? null,
    changedAt: consent?.changedAt ?? null,
  };
}
