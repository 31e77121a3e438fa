-- Server-side sessions of signed-in agents (Auth/InboxSessions.cs), shared by every Conversations instance: the
-- sms_inbox cookie holds only a random token, and a session is found by the token's SHA-256. Signing out, "sign out
-- everywhere", an admin ending an agent's sessions, and idle or absolute expiry delete the row, so the cookie stops
-- working on every instance (within the seconds an instance may cache a session).
CREATE TABLE conversations.agent_sessions (
    id           uuid        PRIMARY KEY,
    token_hash   bytea       NOT NULL UNIQUE,
    username     text        NOT NULL REFERENCES conversations.agents (username) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    user_agent   text        NULL,
    ip           text        NULL
);
CREATE INDEX agent_sessions_username ON conversations.agent_sessions (username);

-- Failed sign-ins whose window has passed are pruned by later failures (Data/AgentStore.cs), oldest first.
CREATE INDEX sign_in_failures_window_started_at ON conversations.sign_in_failures (window_started_at);
