-- Conversations: every opt-out Compliance announced, kept when it happened, so /v1/metrics counts opt-outs on the day
-- (and in the campaign) they happened: a later opt-in does not erase one, and a day never counts a later day's.
CREATE TABLE conversations.opt_out_history (
    number      text        NOT NULL,
    scope       text        NOT NULL,
    purposes    text[]      NOT NULL,
    source      text        NOT NULL,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (number, scope, recorded_at)          -- a redelivered OptOutRecorded adds nothing
);

CREATE INDEX opt_out_history_recorded_at ON conversations.opt_out_history (recorded_at);

-- Opt-outs from before this table: the one each contact's current state remembers.
INSERT INTO conversations.opt_out_history (number, scope, purposes, source, recorded_at)
SELECT number, COALESCE(consent_scope, 'default'), '{informational,marketing}', COALESCE(consent_source, 'unknown'), consent_changed_at
FROM conversations.contacts
WHERE consent_state = 'opted_out' AND consent_changed_at IS NOT NULL
ON CONFLICT DO NOTHING;
