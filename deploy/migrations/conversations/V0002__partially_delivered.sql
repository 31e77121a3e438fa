-- A message sent in several parts whose receipts disagree (some parts delivered, some failed, expired or rejected)
-- is 'partially_delivered' (services/Sms.Conversations/Threads/PartDelivery.cs). Only widens the allowed values.
ALTER TABLE conversations.messages DROP CONSTRAINT messages_status_check;
ALTER TABLE conversations.messages ADD CONSTRAINT messages_status_check
    CHECK (status IN ('received', 'sent', 'delivered', 'partially_delivered', 'failed', 'suppressed'));
