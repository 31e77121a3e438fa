-- Conversations: a send whose carrier call ended without an answer is 'unknown' (it may have been sent), no longer
-- 'failed' for ever: a late SmsSent or delivery receipt replaces it (Threads/MessageStatusPrecedence.cs).
ALTER TABLE conversations.messages DROP CONSTRAINT messages_status_check;
ALTER TABLE conversations.messages ADD CONSTRAINT messages_status_check
    CHECK (status IN ('received', 'pending', 'deferred', 'unknown', 'sent', 'delivered', 'partially_delivered', 'failed', 'suppressed'));
