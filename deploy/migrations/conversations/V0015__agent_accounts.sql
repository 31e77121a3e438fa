-- Agent accounts managed in the inbox (Http/AuthEndpoints.cs): an admin disables and enables an agent, changes their
-- role and resets their password; every agent changes their own. A disabled agent keeps their row (their name stays
-- on the conversations and replies they had) but cannot sign in, has no session and takes no conversation.
ALTER TABLE conversations.agents ADD COLUMN disabled_at timestamptz NULL;

-- Who did what to which account and when, one row per change, never updated. actor is the user name of the admin or
-- agent who made the change ('api-key' for an API-key caller); agent is the account changed (no foreign key: a record
-- must never stand in the way of a change to the agents table). detail says more where the action needs it: the roles.
CREATE TABLE conversations.agent_account_changes (
    id     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at     timestamptz NOT NULL DEFAULT now(),
    actor  text        NOT NULL,
    agent  text        NOT NULL,
    action text        NOT NULL CHECK (action IN
        ('created', 'disabled', 'enabled', 'role_changed', 'password_reset', 'password_changed', 'sessions_ended')),
    detail text        NULL
);
CREATE INDEX agent_account_changes_by_agent ON conversations.agent_account_changes (agent, id DESC);
