-- Conversations: every change to which event types an enabled webhook subscription wants is announced on
-- 'conversations_webhook_subscriptions', in the transaction that makes it, so each instance's cache of them
-- (Webhooks/WebhookInterest.cs) is dropped as soon as another instance changes a subscription. The failure record a
-- delivery keeps on its subscription (failing_since) announces nothing.
CREATE FUNCTION conversations.announce_webhook_subscription_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('conversations_webhook_subscriptions', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER webhook_subscriptions_changed
AFTER INSERT OR DELETE OR UPDATE OF enabled, event_types ON conversations.webhook_subscriptions
FOR EACH ROW EXECUTE FUNCTION conversations.announce_webhook_subscription_change();
