-- The agent inbox: agents, contacts, the conversation's inbox state (assignee, flag, labels, unread, SLA clock),
-- pending agent replies, prompts' session context, a status timeline per message, canned responses, a change feed
-- for server-sent events and durable escalation notifications.
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Agents who sign in to the inbox. password_hash is ASP.NET Core Identity's PasswordHasher format (PBKDF2, salted).
CREATE TABLE conversations.agents (
    username      text        PRIMARY KEY CHECK (username ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    display_name  text        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('agent', 'admin')),
    password_hash text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- One row per customer number: what agents and automation know about the person.
CREATE TABLE conversations.contacts (
    number             text        PRIMARY KEY,
    name               text        NULL,
    attributes         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    labels             text[]      NOT NULL DEFAULT '{}',
    engagement_score   int         NOT NULL DEFAULT 0,
    -- Consent as last reported by Compliance (OptInRecorded / OptOutRecorded); the newest recorded_at wins.
    consent_state      text        NOT NULL DEFAULT 'unknown' CHECK (consent_state IN ('opted_in', 'opted_out', 'unknown')),
    consent_scope      text        NULL,
    consent_source     text        NULL,
    consent_changed_at timestamptz NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

-- ContactProfileChanged applied once: the change id is the idempotency key (same transaction as the contact update).
CREATE TABLE conversations.contact_profile_changes (
    change_id       uuid        PRIMARY KEY,
    customer_number text        NOT NULL,
    applied_at      timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE conversations.conversations
    ADD COLUMN assignee      text        NULL REFERENCES conversations.agents (username) ON DELETE SET NULL,
    ADD COLUMN flagged       boolean     NOT NULL DEFAULT false,
    ADD COLUMN labels        text[]      NOT NULL DEFAULT '{}',
    ADD COLUMN unread_count  int         NOT NULL DEFAULT 0,
    -- The SLA clock: the oldest customer message no agent answered yet and automation or compliance did not handle;
    -- NULL when there is none or the conversation is resolved. Recomputed from the messages (Data/ConversationStore.cs).
    ADD COLUMN waiting_since timestamptz NULL,
    -- When an agent last resolved it, and the last message (seq) it had then: customer messages stored before the
    -- resolution no longer start the SLA clock. seq rather than time: it orders by arrival, whatever the clocks say.
    ADD COLUMN resolved_at   timestamptz NULL,
    ADD COLUMN resolved_seq  bigint      NULL;

-- List filters. Every list query orders by (last_message_at DESC, id DESC) and pages with a (last_message_at, id)
-- cursor, so each filter has an index whose order is that one after the filter's equality prefix: PostgreSQL reads
-- the first page straight from the index and stops after `limit` rows, whatever the table's size.
-- ?assignee=<username> and ?assignee=none (a btree indexes NULLs, so `assignee IS NULL` uses it too).
CREATE INDEX conversations_by_assignee_last_message ON conversations.conversations (assignee, last_message_at DESC, id DESC);
-- ?flagged=true: few conversations are flagged, so a partial index holds only them.
CREATE INDEX conversations_flagged_by_last_message ON conversations.conversations (last_message_at DESC, id DESC) WHERE flagged;
-- ?label=<l>: labels @> ARRAY[l] through GIN (the rows found are then sorted; a label is a small share of the inbox).
CREATE INDEX conversations_by_label ON conversations.conversations USING gin (labels);
-- ?q=<part of a number>: customer_number LIKE '%q%' through trigrams.
CREATE INDEX conversations_by_customer_number_trgm ON conversations.conversations USING gin (customer_number gin_trgm_ops);

ALTER TABLE conversations.messages
    -- The agent who wrote an agent reply (origin agent).
    ADD COLUMN sent_by     text NULL,
    -- SendSms.CampaignId, for metrics per campaign.
    ADD COLUMN campaign_id text NULL;

-- pending: an agent reply accepted by the API, not yet decided by Compliance; deferred: Compliance holds it until the
-- recipient's quiet hours end.
ALTER TABLE conversations.messages DROP CONSTRAINT messages_status_check;
ALTER TABLE conversations.messages ADD CONSTRAINT messages_status_check
    CHECK (status IN ('received', 'pending', 'deferred', 'sent', 'delivered', 'partially_delivered', 'failed', 'suppressed'));

-- The thread of one conversation, newest page first with a (created_at, seq) cursor, read backwards from the index
-- with no sort; also the message count and last message preview of the list (one index probe per listed row).
-- Replaces messages_by_conversation_time, which is its prefix.
CREATE INDEX messages_by_conversation_time_seq ON conversations.messages (conversation_id, created_at, seq);
DROP INDEX conversations.messages_by_conversation_time;
-- ?q=<words>: conversations whose messages contain the text (ILIKE '%q%') through trigrams.
CREATE INDEX messages_text_trgm ON conversations.messages USING gin (text gin_trgm_ops);

-- What happened to each of our messages and when, apart from carrier receipts (delivery_events): pending, deferred,
-- sent, suppressed, failed. One row per (message, status): a redelivered event adds nothing.
CREATE TABLE conversations.message_events (
    message_id uuid        NOT NULL,
    status     text        NOT NULL,
    detail     text        NULL,
    at         timestamptz NOT NULL,
    PRIMARY KEY (message_id, status)
);

-- The prompts sent in a conversation (SmsSent.Request.Prompt): the session context the agent sees.
CREATE TABLE conversations.prompts (
    prompt_message_id uuid        PRIMARY KEY,
    conversation_id   uuid        NOT NULL REFERENCES conversations.conversations (id),
    session_type      text        NOT NULL,
    campaign_id       text        NULL,
    options           jsonb       NOT NULL,
    context           jsonb       NOT NULL,
    sent_at           timestamptz NOT NULL
);
CREATE INDEX prompts_by_conversation ON conversations.prompts (conversation_id, sent_at DESC);

CREATE TABLE conversations.canned_responses (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    title      text        NOT NULL,
    text       text        NOT NULL,
    created_by text        NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- The change feed behind GET /v1/events: every writer adds a row in the transaction of its change. position orders
-- the feed for every instance of the service (Last-Event-ID is a position). recorded_at (clock time) lets a reader
-- tell a gap left by a transaction still in flight (wait) from one left by a rollback (skip after a few seconds).
CREATE TABLE conversations.changes (
    position        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text        NOT NULL CHECK (kind IN ('conversation', 'message', 'status')),
    conversation_id uuid        NOT NULL,
    message_id      uuid        NULL,
    recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Escalation notifications waiting to go out (durable: a restart loses none). Written with the escalation; a hosted
-- service sends urgent ones at once and batches the rest, then stamps sent_at.
CREATE TABLE conversations.notifications (
    id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rule                text        NOT NULL,
    inbound_message_id  uuid        NOT NULL,
    urgent              boolean     NOT NULL,
    text                text        NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    attempts            int         NOT NULL DEFAULT 0,
    next_attempt_at     timestamptz NOT NULL DEFAULT now(),
    sent_at             timestamptz NULL,
    -- The same escalation redelivered is queued once per rule.
    UNIQUE (rule, inbound_message_id)
);
CREATE INDEX notifications_unsent ON conversations.notifications (rule, created_at) WHERE sent_at IS NULL;
