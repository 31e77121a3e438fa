-- Compliance: consent per purpose, reviews of uncertain opt-outs, double opt-in.

-- What each ledger event covers: informational (transactional and conversational messages) and/or marketing.
-- Every event recorded before purposes existed covered both: an opt-out stopped everything, an opt-in let marketing in.
ALTER TABLE compliance.consent_events
    ADD COLUMN purposes text[] NOT NULL DEFAULT '{informational,marketing}'
        CHECK (purposes <@ '{informational,marketing}'::text[] AND cardinality(purposes) > 0),
    -- A double opt-in's first message (the customer's JOIN), confirmed by the evidence message (their Y).
    ADD COLUMN confirmed_message_id uuid NULL,
    ADD COLUMN confirmed_text       text NULL;

-- Messages the recogniser was unsure of, waiting for (or decided by) a person. Marketing to the number in the scope
-- is held while one is pending.
CREATE TABLE compliance.consent_reviews (
    review_id          uuid        PRIMARY KEY,          -- derived from the inbound message: one review per message
    number             text        NOT NULL,
    scope              text        NOT NULL,
    business_number    text        NOT NULL,             -- our number the customer wrote to (the confirmation's sender)
    inbound_message_id uuid        NOT NULL,
    inbound_text       text        NOT NULL,             -- kept as the opt-out's evidence when confirmed
    score              double precision NOT NULL,
    language           text        NULL,
    rule               text        NOT NULL,
    received_at        timestamptz NOT NULL,             -- when the customer wrote (an opt-out confirmed is dated then)
    status             text        NOT NULL CHECK (status IN ('pending', 'confirmed', 'dismissed')),
    opt_out_event_id   bigint      NULL REFERENCES compliance.consent_events (id), -- the opt-out a confirmation recorded
    requested_at       timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX consent_reviews_pending ON compliance.consent_reviews (number, scope) WHERE status = 'pending';

-- Every decision on a review, applied or not, with who made it: the audit trail, never changed.
CREATE TABLE compliance.consent_review_decisions (
    request_id  uuid        PRIMARY KEY,                 -- DecideConsentReview.RequestId: a redelivered command decides once
    review_id   uuid        NOT NULL REFERENCES compliance.consent_reviews (review_id),
    decision    text        NOT NULL CHECK (decision IN ('confirm', 'dismiss', 'undo')),
    applied     boolean     NOT NULL,
    from_status text        NOT NULL,                    -- the review's status before it
    status      text        NOT NULL,                    -- the review's status after it
    decided_by  text        NOT NULL,
    decided_at  timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX consent_review_decisions_review ON compliance.consent_review_decisions (review_id, recorded_at);

-- Double opt-in questions waiting for the customer's Y: one per number and scope, the latest question wins.
CREATE TABLE compliance.double_opt_ins (
    number             text        NOT NULL,
    scope              text        NOT NULL,
    request_message_id uuid        NOT NULL,             -- the customer's opt-in (JOIN, START) the question answers
    request_text       text        NOT NULL,
    asked_at           timestamptz NOT NULL,
    expires_at         timestamptz NOT NULL,
    PRIMARY KEY (number, scope)
);

-- Why a send is held: quiet hours (released at the window's opening) or a pending review (released when decided).
ALTER TABLE compliance.deferred_sends
    ADD COLUMN held_for text NOT NULL DEFAULT 'quiet_hours' CHECK (held_for IN ('quiet_hours', 'consent_review')),
    ADD COLUMN number   text NULL;

CREATE INDEX deferred_sends_review ON compliance.deferred_sends (number) WHERE held_for = 'consent_review';
