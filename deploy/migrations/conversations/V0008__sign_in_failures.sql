-- Wrong passwords per user name (also names with no account), so guessing stops after a few tries on every instance
-- (Auth/SignInLockout.cs). A right password deletes the row.
CREATE TABLE conversations.sign_in_failures (
    username          text        PRIMARY KEY,
    failures          int         NOT NULL,
    window_started_at timestamptz NOT NULL,
    locked_until      timestamptz NULL
);
