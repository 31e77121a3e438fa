-- Every escalation, one row each. conversations.escalated_at holds only the latest one per conversation (a later
-- escalation overwrites it), so metrics counted from it lost the earlier ones and could not say which day or campaign
-- an escalation belonged to. The inbound message escalated is the key: a redelivered ConversationEscalated adds nothing.
CREATE TABLE conversations.escalations (
    inbound_message_id uuid        PRIMARY KEY,
    conversation_id    uuid        NOT NULL REFERENCES conversations.conversations (id),
    escalated_at       timestamptz NOT NULL
);
-- GET /v1/metrics reads the escalations of a period.
CREATE INDEX escalations_by_time ON conversations.escalations (escalated_at);

-- The escalations stored before this table: the latest of each conversation is all that is known of them.
INSERT INTO conversations.escalations (inbound_message_id, conversation_id, escalated_at)
SELECT escalation_message_id, id, escalated_at FROM conversations.conversations
WHERE escalation_message_id IS NOT NULL AND escalated_at IS NOT NULL
ON CONFLICT (inbound_message_id) DO NOTHING;
