-- Outgoing webhooks (issue 16): systems that do not speak RabbitMQ subscribe to the conversation events by URL. An
-- event is written once (its id is stable across retries and replays, for the receiver to de-duplicate); a delivery is
-- one event for one subscription, tried by Background/WebhookDispatcher until the receiver answers 2xx, in order per
-- conversation per subscription; every attempt is kept for the delivery log.

CREATE TABLE conversations.webhook_subscriptions (
    id              uuid        PRIMARY KEY,
    url             text        NOT NULL,
    event_types     text[]      NOT NULL,
    -- The signing secret: shown once when created, then only used to sign (HMAC-SHA256 needs it in the clear).
    secret          text        NOT NULL,
    enabled         boolean     NOT NULL DEFAULT true,
    description     text        NULL,
    created_at      timestamptz NOT NULL,
    created_by      text        NOT NULL,
    -- The first failed attempt since the last delivered one: failing for WebhookOptions.DisableAfter disables it.
    failing_since   timestamptz NULL,
    disabled_at     timestamptz NULL,
    disabled_reason text        NULL
);

-- One row per event a subscription wanted when it happened.
CREATE TABLE conversations.webhook_events (
    id              uuid        PRIMARY KEY,
    type            text        NOT NULL,
    occurred_at     timestamptz NOT NULL,
    conversation_id uuid        NULL,
    data            jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- id orders the deliveries of one (subscription, order_key): written under an advisory lock per customer, so a later
-- id is never visible before an earlier one of the same key. order_key is the conversation, or the customer's number
-- for an event of no conversation (a consent change recorded outside one).
CREATE TABLE conversations.webhook_deliveries (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id  uuid        NOT NULL REFERENCES conversations.webhook_subscriptions (id) ON DELETE CASCADE,
    event_id         uuid        NOT NULL REFERENCES conversations.webhook_events (id),
    order_key        text        NOT NULL,
    state            text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts         int         NOT NULL DEFAULT 0,
    queued_at        timestamptz NOT NULL,
    -- Due from then; a dispatcher that claims it moves it forward by its lease (lease_token names the claim).
    next_attempt_at  timestamptz NOT NULL,
    lease_token      uuid        NULL,
    delivered_at     timestamptz NULL,
    last_status_code int         NULL,
    last_error       text        NULL,
    UNIQUE (subscription_id, event_id)
);
-- What is due, and the head of each (subscription, order_key) queue.
CREATE INDEX webhook_deliveries_due ON conversations.webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_queue ON conversations.webhook_deliveries (subscription_id, order_key, id) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_log ON conversations.webhook_deliveries (subscription_id, id DESC);

-- Every attempt of a delivery: the delivery log.
CREATE TABLE conversations.webhook_attempts (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id  bigint      NOT NULL REFERENCES conversations.webhook_deliveries (id) ON DELETE CASCADE,
    attempted_at timestamptz NOT NULL,
    status_code  int         NULL,
    latency_ms   int         NOT NULL,
    error        text        NULL
);
CREATE INDEX webhook_attempts_by_delivery ON conversations.webhook_attempts (delivery_id, id);
