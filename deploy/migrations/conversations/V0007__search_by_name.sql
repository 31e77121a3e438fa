-- ?q=<part of a name>: contacts.name ILIKE '%q%' through trigrams, so a search for a text few conversations contain
-- collects them from the indexes (number, name, message text) instead of testing every conversation
-- (ConversationStore.ListCommand, SearchShape.RareText; measured with Sms.Benchmark inbox-queries).
CREATE INDEX contacts_name_trgm ON conversations.contacts USING gin (name gin_trgm_ops);
