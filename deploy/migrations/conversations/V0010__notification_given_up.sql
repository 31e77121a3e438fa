-- A notification refused for good (every recipient of its email refused permanently) is never tried again; the row
-- stays, with when it was given up, for whoever looks into it (Notifications/EscalationNotifications.cs, EmailOutcome).
ALTER TABLE conversations.notifications ADD COLUMN given_up_at timestamptz NULL;
