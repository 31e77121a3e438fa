-- Who owns a conversation (README, "Who owns a conversation"): the automation or people (a team's queue, or one
-- agent of it). owner_version counts owner changes; each change is announced to the Router as ConversationOwnerChanged
-- with that version, through the outbox below. Conversations stored before this migration are the automation's, as
-- the Router (which has heard of no change yet) sees them.
ALTER TABLE conversations.conversations
    ADD COLUMN owner            text        NOT NULL DEFAULT 'automation' CHECK (owner IN ('automation', 'people')),
    ADD COLUMN team             text        NULL,
    -- Why the last escalation went to that team ("topic billing", "default team"), for the agents.
    ADD COLUMN routed_by        text        NULL,
    ADD COLUMN owner_version    bigint      NOT NULL DEFAULT 0,
    ADD COLUMN owner_changed_at timestamptz NULL;

-- A team's queue (people own it, nobody is assigned), drained highest priority and longest waiting first.
CREATE INDEX conversations_team_queue ON conversations.conversations (team, escalated_at)
    WHERE owner = 'people' AND assignee IS NULL AND status <> 'resolved';
-- Each agent's open conversations (capacity), and conversations people own that may have gone idle.
CREATE INDEX conversations_people_owned ON conversations.conversations (assignee, last_message_at)
    WHERE owner = 'people' AND status <> 'resolved';

-- An agent marked away takes no new conversations (assignment skips them), signed in or not.
ALTER TABLE conversations.agents ADD COLUMN away boolean NOT NULL DEFAULT false;

-- Round robin: the member each team assigned last.
CREATE TABLE conversations.team_assignment (
    team          text PRIMARY KEY,
    last_assigned text NULL
);

-- The escalation that handed the conversation to people (told the customer once), and the team it went to: the
-- expected wait is measured from those.
ALTER TABLE conversations.escalations
    ADD COLUMN team        text    NULL,
    ADD COLUMN handed_over boolean NOT NULL DEFAULT false;

-- Messages to publish, written in the transaction of the change they announce (an owner change, the hand-over text
-- to the customer) and published by Background/OutboxPublisher: a crash between the commit and the publish loses none.
CREATE TABLE conversations.outbox (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_type text        NOT NULL,
    payload      jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz NULL
);
CREATE INDEX outbox_unpublished ON conversations.outbox (id) WHERE published_at IS NULL;
