-- The dispatcher's second question every round: how many of a campaign's messages are published and not yet answered
-- (its in-flight window, Campaigns:MaxInFlight). Only those rows are in this index, so it stays as small as the window.
CREATE INDEX recipients_in_flight ON campaigns.recipients (campaign_id, published_at) WHERE state = 'published';
