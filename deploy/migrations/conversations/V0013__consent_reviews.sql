-- The consent review queue (README, "Consent reviews in the inbox"): messages Compliance read as maybe a request to
-- stop (ConsentReviewRequested) wait here for an agent, who confirms or dismisses them (DecideConsentReview to
-- Compliance); Compliance answers every decision with ConsentReviewDecided. Compliance owns the review: these tables
-- are the inbox's view of it, kept from those two events, and the evidence the agents see (who decided what, when).

-- One row per review, keyed by Compliance's review id (one per inbound message). status, last_decision, decided_by
-- and decided_at are those of the latest decision that applied, by decided_at: a late, older decision changes nothing.
CREATE TABLE conversations.consent_reviews (
    review_id          uuid             PRIMARY KEY,
    number             text             NOT NULL,
    scope              text             NOT NULL,
    business_number    text             NOT NULL,
    inbound_message_id uuid             NOT NULL,
    score              double precision NOT NULL,
    language           text             NULL,
    rule               text             NOT NULL,
    requested_at       timestamptz      NOT NULL,
    status             text             NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'dismissed')),
    last_decision      text             NULL CHECK (last_decision IN ('confirm', 'dismiss', 'undo')),
    decided_by         text             NULL,
    decided_at         timestamptz      NULL,
    updated_at         timestamptz      NOT NULL DEFAULT now()
);
-- The queue, oldest first; and the decided ones, latest first.
CREATE INDEX consent_reviews_by_status ON conversations.consent_reviews (status, requested_at);
CREATE INDEX consent_reviews_decided ON conversations.consent_reviews (decided_at DESC) WHERE status <> 'pending';

-- Every decision Compliance answered, applied or not (an undo too), once per DecideConsentReview (request_id). No
-- foreign key: a decision may be consumed before the review's request; the review then starts from its latest
-- applied decision.
CREATE TABLE conversations.consent_review_decisions (
    request_id  uuid        PRIMARY KEY,
    review_id   uuid        NOT NULL,
    decision    text        NOT NULL CHECK (decision IN ('confirm', 'dismiss', 'undo')),
    status      text        NOT NULL CHECK (status IN ('pending', 'confirmed', 'dismissed')),
    applied     boolean     NOT NULL,
    decided_by  text        NOT NULL,
    decided_at  timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consent_review_decisions_by_review ON conversations.consent_review_decisions (review_id, decided_at);
