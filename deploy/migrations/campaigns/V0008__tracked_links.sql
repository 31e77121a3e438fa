-- Tracked links (README, "Link clicks"). A campaign's links, numbered by their place among its text's distinct
-- destinations, written when the campaign is first dispatched (its text no longer changes then). The id is what a
-- tracked link's code carries; Ingress asks for the destination by it (ResolveTrackedLink).
CREATE TABLE campaigns.links (
    id          bigserial   PRIMARY KEY,
    campaign_id uuid        NOT NULL REFERENCES campaigns.campaigns (id) ON DELETE CASCADE,
    position    int         NOT NULL,
    url         text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (campaign_id, position)
);

-- Who clicked which link: one row per link and recipient (their message id), with the first click and how many there
-- were. A click event delivered twice counts twice in clicks, never in the recipients who clicked.
CREATE TABLE campaigns.link_clicks (
    link_id          bigint      NOT NULL REFERENCES campaigns.links (id) ON DELETE CASCADE,
    message_id       uuid        NOT NULL,
    first_clicked_at timestamptz NOT NULL,
    clicks           int         NOT NULL DEFAULT 1,
    PRIMARY KEY (link_id, message_id)
);

-- A recipient's first click on any of the campaign's links: the results' clicks and a segment's "clicked".
ALTER TABLE campaigns.recipients
    ADD COLUMN clicked_at timestamptz NULL;
