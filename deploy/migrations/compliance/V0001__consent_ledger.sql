-- Compliance: the consent ledger.
-- Every opt-in and opt-out is a new row; nothing is updated or deleted. A number's consent is its latest event
-- for a scope (brand or program), so the full history stays available as evidence.
CREATE SCHEMA IF NOT EXISTS compliance;

CREATE TABLE compliance.consent_events (
    id                  bigserial   PRIMARY KEY,
    number              text        NOT NULL,                 -- the customer's number, E.164
    scope               text        NOT NULL,                 -- the brand or program the consent covers
    kind                text        NOT NULL CHECK (kind IN ('opt_in', 'opt_out')),
    source              text        NOT NULL,                 -- keyword, phrase, carrier_signal, agent, api, import
    rule                text        NOT NULL,                 -- what fired, e.g. keyword:STOP
    evidence_message_id uuid        NULL,                     -- the inbound message that carried the request
    evidence_text       text        NULL,                     -- its text as received
    occurred_at         timestamptz NOT NULL,                 -- when the customer acted (orders the ledger)
    recorded_at         timestamptz NOT NULL DEFAULT now()    -- when the ledger stored it
);

-- "Latest event per number and scope": one index probe, newest first.
CREATE INDEX consent_events_latest
    ON compliance.consent_events (number, scope, occurred_at DESC, id DESC);

-- "Which event did this inbound message cause": lets a redelivered message be answered from the ledger.
CREATE INDEX consent_events_evidence
    ON compliance.consent_events (evidence_message_id)
    WHERE evidence_message_id IS NOT NULL;

-- Append-only, enforced by the database rather than by convention.
CREATE FUNCTION compliance.consent_events_append_only() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'compliance.consent_events is append-only: record a new event instead of changing one';
END;
$$;

CREATE TRIGGER consent_events_append_only
    BEFORE UPDATE OR DELETE ON compliance.consent_events
    FOR EACH ROW EXECUTE FUNCTION compliance.consent_events_append_only();

-- Messages whose effect on the ledger is already stored: a redelivered message adds no second row.
CREATE TABLE compliance.processed_messages (
    message_id   uuid        PRIMARY KEY,
    processed_at timestamptz NOT NULL DEFAULT now()
);
