-- Satisfaction surveys (CSAT, services/Sms.Conversations/Csat/): a survey is a prompt of session type 'csat'
-- (conversations.prompts, its context naming the conversation and the agent who resolved it), so "asked" is a survey
-- the carrier accepted. A customer's score is stored once per survey, keyed by the survey's message id, and the latest
-- one is kept on the conversation for the inbox. No team column: conversations carry no team yet.
CREATE TABLE conversations.csat_responses (
    prompt_message_id  uuid        PRIMARY KEY,
    conversation_id    uuid        NOT NULL REFERENCES conversations.conversations (id),
    inbound_message_id uuid        NOT NULL,
    score              smallint    NOT NULL CHECK (score BETWEEN 1 AND 5),
    agent              text        NULL,
    asked_at           timestamptz NULL,
    answered_at        timestamptz NOT NULL
);
CREATE INDEX csat_responses_by_conversation ON conversations.csat_responses (conversation_id, answered_at DESC);

-- The surveys of a period, for /v1/metrics (few among all prompts).
CREATE INDEX prompts_csat_by_sent_at ON conversations.prompts (sent_at) WHERE session_type = 'csat';

ALTER TABLE conversations.conversations
    ADD COLUMN csat_score       smallint    NULL,
    ADD COLUMN csat_answered_at timestamptz NULL;
