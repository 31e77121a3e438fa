-- Planning and pacing state of a campaign. planned_at: when its recipients were planned (by a dry run or a launch);
-- a planned draft sends nothing, only running campaigns are dispatched. planned_invalid / planned_duplicates: what
-- planning left out, for the dry run's tally. dispatched_at: the start of the campaign's last dispatch round, so that
-- any number of service instances together publish at most pace_per_second a second.
ALTER TABLE campaigns.campaigns
    ADD COLUMN planned_at         timestamptz NULL,
    ADD COLUMN planned_invalid    int         NOT NULL DEFAULT 0,
    ADD COLUMN planned_duplicates int         NOT NULL DEFAULT 0,
    ADD COLUMN dispatched_at      timestamptz NULL;

-- The dispatcher's question every second: which campaigns are running.
CREATE INDEX campaigns_running ON campaigns.campaigns (id) WHERE status = 'running';
