-- Conversations: pictures and files of a message (MMS), kept in the platform's storage. A customer's media arrives
-- as the carrier's URL ('pending') and is fetched by Background/AttachmentFetcher.cs ('stored'), or given up after its
-- retries ('unavailable': the message stays, and shows "attachment unavailable"). An agent's picture is uploaded
-- first (no message yet) and joins its reply when the reply is sent.
CREATE TABLE conversations.attachments (
    id                     uuid PRIMARY KEY,
    message_id             uuid,
    position               int NOT NULL DEFAULT 0,
    direction              text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    status                 text NOT NULL CHECK (status IN ('pending', 'stored', 'unavailable')),
    provider               text,
    source_url             text,
    announced_content_type text,
    content_type           text,
    file_name              text,
    size_bytes             int,
    content                bytea,
    attempts               int NOT NULL DEFAULT 0,
    next_attempt_at        timestamptz NOT NULL DEFAULT now(),
    last_error             text,
    uploaded_by            text,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX attachments_message ON conversations.attachments (message_id, position);
CREATE INDEX attachments_due ON conversations.attachments (next_attempt_at) WHERE status = 'pending';
