-- Compliance: which ledger row a processed message caused. A command redelivered after its row was stored (the
-- process died before announcing it) is announced again from that row, with the time the ledger recorded it.
-- Null for messages processed before this column existed, and for messages that recorded nothing.
ALTER TABLE compliance.processed_messages
    ADD COLUMN consent_event_id bigint NULL REFERENCES compliance.consent_events (id);
