-- Failed messages, seen and replayed (README, "Failed messages"): what the services' _error queues held, drained into
-- this table by Conversations' collector (Background/ErrorQueueCollector.cs), and what operators did about each failure
-- and each send that ended 'failed'.

-- One row per message drained from an _error queue, keyed by (queue, message id): a message that fails again after
-- a replay comes back to the same row, marked, instead of making a new one.
CREATE TABLE conversations.failed_messages (
    id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The _error queue it was taken from, and the queue a replay sends it back to.
    error_queue         text        NOT NULL,
    input_queue         text        NOT NULL,
    -- The broker message id (MassTransit's MessageId), kept by a replay so every consumer's de-duplication applies.
    message_id          text        NOT NULL,
    message_type        text        NULL,
    fault_type          text        NOT NULL,
    fault_message       text        NOT NULL,
    -- Fault type and message shape (numbers, ids and phone numbers normalised away): the group it is counted in.
    cause               text        NOT NULL,
    content_type        text        NULL,
    correlation_id      text        NULL,
    -- Every AMQP header as text, and the body byte for byte: what a replay publishes again.
    headers             jsonb       NOT NULL,
    body                bytea       NOT NULL,
    status              text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'replayed', 'discarded')),
    -- It came back to an _error queue after a replay: a poison message, left out of every bulk replay.
    failed_after_replay boolean     NOT NULL DEFAULT false,
    replay_count        int         NOT NULL DEFAULT 0,
    failure_count       int         NOT NULL DEFAULT 1,
    first_failed_at     timestamptz NOT NULL,
    last_failed_at      timestamptz NOT NULL,
    UNIQUE (error_queue, message_id)
);

CREATE INDEX failed_messages_open ON conversations.failed_messages (cause, last_failed_at) WHERE status = 'open';

-- What was done about a send that ended 'failed' (conversations.messages): replayed (how often) or discarded.
CREATE TABLE conversations.send_failures (
    message_id          uuid        PRIMARY KEY REFERENCES conversations.messages (message_id),
    replay_count        int         NOT NULL DEFAULT 0,
    discarded           boolean     NOT NULL DEFAULT false
);

-- The failed sends, found without reading every message.
CREATE INDEX messages_failed ON conversations.messages (created_at) WHERE status = 'failed';

-- Every action on a failure, with the acting user: who replayed or discarded what, when, and why.
CREATE TABLE conversations.failure_actions (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- 'message:{failed_messages.id}' or 'send:{message id}'.
    item        text        NOT NULL,
    action      text        NOT NULL CHECK (action IN ('replay', 'discard')),
    actor       text        NOT NULL,
    reason      text        NULL,
    at          timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX failure_actions_by_item ON conversations.failure_actions (item, at);
