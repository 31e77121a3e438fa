-- Conversations: the change feed behind GET /v1/events is pruned on a schedule (Background/ChangeFeedPruner). The
-- highest position ever pruned is kept, so a reader resuming from before it learns that it missed changes (and
-- reloads) instead of passing the hole as if it were a rolled-back write.
CREATE TABLE conversations.change_feed_pruned (
    id        boolean     PRIMARY KEY DEFAULT true CHECK (id),   -- one row
    through   bigint      NOT NULL,                              -- every position at or below it may be gone
    pruned_at timestamptz NOT NULL DEFAULT now()
);

-- The pruner takes the oldest rows by time.
CREATE INDEX changes_recorded_at ON conversations.changes (recorded_at);
