-- API clients (Http/ApiClientEndpoints.cs; README, "API clients and scopes"): who may call the platform's HTTP APIs with
-- which scopes. Only the SHA-256 of a client's secret is kept: the key (sk_<id>_<secret>) is shown once, at creation.
-- Conversations owns the table and publishes the whole list (ApiClientsChanged) to every instance of every service;
-- no other service reads it. A revoked client keeps its row, so the list says it is revoked and who did it.
CREATE TABLE conversations.api_clients (
    id           uuid        PRIMARY KEY,
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    scopes       text[]      NOT NULL,
    secret_hash  text        NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
    created_at   timestamptz NOT NULL DEFAULT now(),
    created_by   text        NOT NULL,
    last_used_at timestamptz NULL,
    revoked_at   timestamptz NULL,
    revoked_by   text        NULL
);
