-- Consent per brand and purpose, as Compliance reports it (OptInRecorded / OptOutRecorded, issue 15): one row per
-- customer number, brand (Compliance's scope) and purpose, so an opt-out of one brand no longer hides an opt-in to
-- another. Informational messages are allowed unless opted out; marketing needs an opt-in. Per row the newest
-- recorded_at wins (services/Sms.Conversations/Data/ThreadProjection.cs, RecordConsentAsync).
-- contacts.consent_* stay, written as before (the newest change whatever its brand and purpose): /v1/metrics reads them
-- for the opt-out rate, and the API's contact.consent keeps showing them.
CREATE TABLE conversations.contact_consents (
    number     text        NOT NULL REFERENCES conversations.contacts (number) ON DELETE CASCADE,
    scope      text        NOT NULL,
    purpose    text        NOT NULL CHECK (purpose IN ('informational', 'marketing')),
    state      text        NOT NULL CHECK (state IN ('opted_in', 'opted_out')),
    source     text        NOT NULL,
    -- The rule that fired (keyword:STOP, …); NULL for a row carried over from the single state below.
    rule       text        NULL,
    changed_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (number, scope, purpose)
);

-- What was known before: the one state covered every purpose of its brand (events carried no purposes).
INSERT INTO conversations.contact_consents (number, scope, purpose, state, source, rule, changed_at)
SELECT c.number, c.consent_scope, p.purpose, c.consent_state, c.consent_source, NULL, c.consent_changed_at
FROM conversations.contacts c
CROSS JOIN (VALUES ('informational'), ('marketing')) AS p (purpose)
WHERE c.consent_state IN ('opted_in', 'opted_out')
  AND c.consent_scope IS NOT NULL AND c.consent_source IS NOT NULL AND c.consent_changed_at IS NOT NULL;
