-- Conversation threads: every SMS we exchange with a customer, grouped by (customer number, our number).
-- Written only by the Conversations service's consumers; every write is idempotent (see Data/ConversationStore.cs).
CREATE SCHEMA IF NOT EXISTS conversations;

-- One row per (customer, our number): the unit the agent inbox lists, assigns and labels.
-- Assignment and labels come in a later migration and hang off conversations.id, which never changes.
CREATE TABLE conversations.conversations (
    id                    uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    customer_number       text        NOT NULL,
    business_number       text        NOT NULL,
    status                text        NOT NULL DEFAULT 'open'
                                      CHECK (status IN ('open', 'waiting_on_agent', 'resolved')),
    escalation_reason     text        NULL,
    escalation_priority   text        NULL,
    -- The inbound message whose escalation set waiting_on_agent: a redelivered ConversationEscalated changes nothing.
    escalation_message_id uuid        NULL,
    escalated_at          timestamptz NULL,
    last_message_at       timestamptz NOT NULL,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    UNIQUE (customer_number, business_number)
);

-- GET /v1/conversations: newest first, paged with ?before=<last_message_at>; id breaks ties so paging is stable.
CREATE INDEX conversations_by_last_message ON conversations.conversations (last_message_at DESC, id DESC);

-- GET /v1/conversations?status=waiting_on_agent (the inbox's queue of work): filter, then newest first.
CREATE INDEX conversations_by_status_last_message ON conversations.conversations (status, last_message_at DESC, id DESC);

-- One row per message, keyed by our message id (the idempotency key of every event about it).
-- A row can exist before its InboundSmsReceived is stored: ReplyClassified or OptOutRecorded may arrive first and
-- write a placeholder (direction inbound, status received, text NULL) that InboundSmsReceived then completes.
-- So text and business_number are NULL only on such placeholders (until it arrives). conversation_id is NULL on them too,
-- and on a suppressed or failed send for which the customer has no conversation yet: a send that never reached the
-- customer opens none, yet it shows in the customer's thread, which is read by customer number. Such a send that named
-- no sender (the default one) has business_number ''.
CREATE TABLE conversations.messages (
    message_id           uuid        PRIMARY KEY,
    -- Insertion order: breaks ties between messages stamped with the same instant, and lets a later change feed
    -- (server-sent events) resume from a position.
    seq                  bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
    conversation_id      uuid        NULL REFERENCES conversations.conversations (id),
    direction            text        NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    customer_number      text        NOT NULL,
    business_number      text        NULL,
    text                 text        NULL,
    category             text        NULL CHECK (category IN ('transactional', 'marketing', 'conversational', 'compliance')),
    origin               text        NULL CHECK (origin IN ('customer', 'upstream', 'automation', 'agent', 'compliance')),
    status               text        NOT NULL CHECK (status IN ('received', 'sent', 'delivered', 'failed', 'suppressed')),
    status_detail        text        NULL,
    provider             text        NULL,
    provider_message_ids text[]      NULL,
    segments             int         NULL,
    encoding             text        NULL CHECK (encoding IN ('gsm7', 'ucs2')),
    in_reply_to          uuid        NULL,
    handled_by           text        NULL CHECK (handled_by IN ('compliance', 'automation')),
    action               text        NULL,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL DEFAULT now()
);

-- GET /v1/conversations/by-number/{n}/messages: one customer's whole thread across our numbers, oldest first,
-- read from the index alone in order (no sort).
CREATE INDEX messages_by_customer_time ON conversations.messages (customer_number, created_at, seq);

-- messageCount in the conversation list, and the inbox's thread view of one conversation; also serves the foreign key.
CREATE INDEX messages_by_conversation_time ON conversations.messages (conversation_id, created_at);

-- Delivery receipts name only the carrier's id of one part: find its message with provider_message_ids @> ARRAY[id].
CREATE INDEX messages_by_provider_message_id ON conversations.messages USING gin (provider_message_ids);

-- Every delivery receipt, once: the status timeline of each part. Kept even when the receipt arrives before the
-- message it reports on is stored (SmsSent applies it then), so no receipt is lost to ordering.
CREATE TABLE conversations.delivery_events (
    id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider            text        NOT NULL,
    provider_message_id text        NOT NULL,
    -- Our message id when the carrier echoed it (client reference); NULL otherwise.
    message_id          uuid        NULL,
    status              text        NOT NULL,
    error_code          text        NULL,
    occurred_at         timestamptz NOT NULL,
    recorded_at         timestamptz NOT NULL DEFAULT now(),
    -- A redelivered receipt (carrier retry, broker redelivery) is stored once; its index also finds the receipts of a part.
    UNIQUE (provider_message_id, status)
);

-- SmsSent applies receipts that arrived before it: those that carried our message id are found here.
CREATE INDEX delivery_events_by_message_id ON conversations.delivery_events (message_id) WHERE message_id IS NOT NULL;
