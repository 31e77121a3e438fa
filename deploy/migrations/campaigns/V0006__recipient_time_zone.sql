-- The zone a recipient's due time was planned in (their own, else their number's, else Campaigns:DefaultTimeZone), so
-- GET /v1/campaigns/{id}/recipients/{number} can show when they are due on their own clock as it was planned, even
-- after the contact's zone changes. NULL for rows planned before it was recorded.
ALTER TABLE campaigns.recipients
    ADD COLUMN time_zone text NULL;
