-- Campaigns: what a segment is chosen from (the contacts, projected from other services' events: no service reads
-- another's tables), the saved segments and uploaded audiences, the campaigns, and one row per campaign and recipient,
-- which is the campaign's progress: a restart resumes from it, and its message id keeps a recipient from getting the
-- message twice.
CREATE SCHEMA IF NOT EXISTS campaigns;

-- One row per number any event named. Built from ContactChanged (Conversations: name, labels, attributes, score;
-- the highest version wins), ContactTimeZoneChanged (Compliance), OptInRecorded/OptOutRecorded (contact_consents),
-- InboundSmsReceived (last_inbound_at) and ConversationOwnerChanged (owned_by_people, the newest version wins).
CREATE TABLE campaigns.contacts (
    number            text        PRIMARY KEY,
    name              text        NULL,
    labels            text[]      NOT NULL DEFAULT '{}',
    attributes        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    engagement_score  int         NOT NULL DEFAULT 0,
    profile_version   bigint      NOT NULL DEFAULT 0,
    -- The contact's own zone (IANA id) when one was set; NULL: the zone of the number's prefix applies.
    time_zone         text        NULL,
    time_zone_changed_at timestamptz NULL,
    -- The zone of the number's prefix (the first, when it spans several), derived once from the number.
    prefix_time_zone  text        NULL,
    -- ISO 3166 region of the number (US, GB, …), derived once from the number.
    country           text        NULL,
    last_inbound_at   timestamptz NULL,
    owned_by_people   boolean     NOT NULL DEFAULT false,
    owner_version     bigint      NOT NULL DEFAULT 0,
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contacts_labels ON campaigns.contacts USING gin (labels);

-- Consent per brand scope and purpose, as Compliance last reported it (the newest recorded_at wins).
CREATE TABLE campaigns.contact_consents (
    number      text        NOT NULL,
    scope       text        NOT NULL,
    purpose     text        NOT NULL CHECK (purpose IN ('informational', 'marketing')),
    state       text        NOT NULL CHECK (state IN ('opted_in', 'opted_out')),
    changed_at  timestamptz NOT NULL,
    PRIMARY KEY (number, scope, purpose)
);

-- A saved query over the contacts (Audience/SegmentDefinition.cs, as JSON).
CREATE TABLE campaigns.segments (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL,
    definition  jsonb       NOT NULL,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

-- An uploaded list of numbers, each with attributes for the text's placeholders; bad rows are reported by line.
CREATE TABLE campaigns.audiences (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL,
    rows        int         NOT NULL,
    bad_rows    jsonb       NOT NULL DEFAULT '[]'::jsonb,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE TABLE campaigns.audience_members (
    audience_id uuid        NOT NULL REFERENCES campaigns.audiences (id) ON DELETE CASCADE,
    number      text        NOT NULL,
    attributes  jsonb       NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (audience_id, number)
);

CREATE TABLE campaigns.campaigns (
    id              uuid        PRIMARY KEY,
    name            text        NOT NULL,
    -- draft → scheduled/running ⇄ paused → completed; cancelled from any but completed.
    status          text        NOT NULL CHECK (status IN ('draft', 'planning', 'running', 'paused', 'completed', 'cancelled')),
    segment_id      uuid        NULL REFERENCES campaigns.segments (id),
    audience_id     uuid        NULL REFERENCES campaigns.audiences (id),
    text            text        NULL,
    flow_name       text        NULL,
    prompt          jsonb       NULL,
    from_number     text        NULL,
    category        text        NOT NULL DEFAULT 'Marketing',
    -- Schedule: send_at (NULL: at launch), or local_time in each recipient's zone; spread over spread_minutes.
    send_at         timestamptz NULL,
    local_time      time        NULL,
    spread_minutes  int         NOT NULL DEFAULT 0,
    -- Messages per second this campaign publishes at most (its own pace; the carriers' limits still hold).
    pace_per_second int         NOT NULL DEFAULT 10,
    -- The content check's warnings at launch, and who overrode them.
    warnings        jsonb       NOT NULL DEFAULT '[]'::jsonb,
    warnings_overridden_by text NULL,
    dry_run         jsonb       NULL,
    created_by      text        NOT NULL,
    created_at      timestamptz NOT NULL,
    launched_at     timestamptz NULL,
    finished_at     timestamptz NULL,
    updated_at      timestamptz NOT NULL
);

-- One row per campaign and recipient: written when the campaign is planned, then moved on by the dispatcher and the
-- events about its message. message_id is derived from (campaign, number): the same recipient always gets the same
-- id, so a send published again after a crash is the same send (Outbound's claim keeps it from the carrier twice).
CREATE TABLE campaigns.recipients (
    campaign_id   uuid        NOT NULL REFERENCES campaigns.campaigns (id) ON DELETE CASCADE,
    number        text        NOT NULL,
    message_id    uuid        NOT NULL,
    attributes    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    due_at        timestamptz NOT NULL,
    -- pending → published → sent → delivered | failed; suppressed, deferred (until a window), cancelled.
    state         text        NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'published', 'sent', 'delivered', 'failed', 'suppressed', 'deferred', 'cancelled')),
    reason        text        NULL,
    segments      int         NULL,
    published_at  timestamptz NULL,
    sent_at       timestamptz NULL,
    delivered_at  timestamptz NULL,
    replied_at    timestamptz NULL,
    matched_keyword boolean   NOT NULL DEFAULT false,
    opted_out_at  timestamptz NULL,
    handed_off_at timestamptz NULL,
    flow_completed_at timestamptz NULL,
    PRIMARY KEY (campaign_id, number)
);
CREATE UNIQUE INDEX recipients_message ON campaigns.recipients (message_id);
CREATE INDEX recipients_due ON campaigns.recipients (campaign_id, due_at) WHERE state = 'pending';
CREATE INDEX recipients_number ON campaigns.recipients (number, published_at);
