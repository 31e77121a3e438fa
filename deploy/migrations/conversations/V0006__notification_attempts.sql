-- When a notification's last post was tried: with next_attempt_at it shows the wait before the next try, which grows
-- with the number of attempts (Notifications/EscalationNotifications.cs).
ALTER TABLE conversations.notifications ADD COLUMN last_attempt_at timestamptz NULL;
