-- Compliance: sends held back by quiet hours. A hosted service polls for rows that are due, publishes each send again
-- (to be decided afresh: consent may have changed overnight) and deletes the row in the same transaction.
CREATE TABLE compliance.deferred_sends (
    message_id  uuid        PRIMARY KEY,              -- the SendSms's id: a redelivered send is deferred once
    release_at  timestamptz NOT NULL,                 -- the next allowed moment in the recipient's time zone
    time_zone   text        NOT NULL,                 -- the zone(s) that decided it, for people reading the table
    payload     jsonb       NOT NULL,                 -- the SendSms as received
    deferred_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX deferred_sends_due ON compliance.deferred_sends (release_at);
