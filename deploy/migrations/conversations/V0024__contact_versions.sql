-- Conversations: every change to a contact's name, labels, attributes or engagement score is announced as a
-- ContactChanged, a whole snapshot with a version that grows with each change (Campaigns builds the contact data its
-- segments need from it: no service reads another's tables). Triggers rather than each writer: the inbox and API
-- edits, the automation's ContactProfileChanged and whatever writes a contact next all announce it, in the
-- transaction of the change, through the outbox (Background/OutboxPublisher), so none is lost and none announced
-- that did not commit.

CREATE SEQUENCE conversations.contact_versions;

-- A volatile default: each existing contact takes a version of its own (1, 2, …), so even the oldest is above the
-- 0 a projection starts from.
ALTER TABLE conversations.contacts
    ADD COLUMN version bigint NOT NULL DEFAULT nextval('conversations.contact_versions');

-- The contact as ContactChanged carries it (camelCase, as the outbox stores every message: Data/Outbox.cs).
-- Attributes are text on the bus: a number or boolean an API client stored becomes its JSON text; a null is left out.
CREATE FUNCTION conversations.contact_changed(c conversations.contacts) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'number', c.number,
        'name', c.name,
        'labels', to_jsonb(c.labels),
        'attributes', COALESCE(
            (SELECT jsonb_object_agg(a.key, a.value #>> '{}') FROM jsonb_each(c.attributes) a WHERE jsonb_typeof(a.value) <> 'null'),
            '{}'::jsonb),
        'engagementScore', c.engagement_score,
        'version', c.version,
        'changedAt', c.updated_at)
$$;

-- A change of the announced part takes the next version; a change of anything else (consent) keeps it.
CREATE FUNCTION conversations.next_contact_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := nextval('conversations.contact_versions');
    RETURN NEW;
END;
$$;

CREATE TRIGGER contact_version
BEFORE UPDATE ON conversations.contacts
FOR EACH ROW
WHEN ((OLD.name, OLD.labels, OLD.attributes, OLD.engagement_score) IS DISTINCT FROM (NEW.name, NEW.labels, NEW.attributes, NEW.engagement_score))
EXECUTE FUNCTION conversations.next_contact_version();

CREATE FUNCTION conversations.announce_contact_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO conversations.outbox (message_type, payload) VALUES ('ContactChanged', conversations.contact_changed(NEW));
    RETURN NULL;
END;
$$;

-- AFTER triggers fire only for rows written: an INSERT … ON CONFLICT DO NOTHING that found the contact announces
-- nothing. A contact created with nothing to say (a first message from a number) is not announced either: every
-- projection creates the row from the event that named the number, and the first change to it is announced.
CREATE TRIGGER contact_created
AFTER INSERT ON conversations.contacts
FOR EACH ROW
WHEN (NEW.name IS NOT NULL OR NEW.labels <> '{}' OR NEW.attributes <> '{}'::jsonb OR NEW.engagement_score <> 0)
EXECUTE FUNCTION conversations.announce_contact_change();

CREATE TRIGGER contact_changed
AFTER UPDATE ON conversations.contacts
FOR EACH ROW
WHEN (OLD.version IS DISTINCT FROM NEW.version)
EXECUTE FUNCTION conversations.announce_contact_change();
