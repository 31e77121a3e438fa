-- Cheaper writes per conversation (measured: PostgreSQL CPU per stored conversation, see Data/ConversationStore.cs).
--
-- Room on each page for updated row versions. An UPDATE that changes no indexed column is HOT (heap-only): it adds no
-- index entries, but only when the new version fits on the row's own page. Messages are updated a few times each
-- (delivery status, the automation/compliance mark), conversations on every event (unread count, SLA clock, status);
-- with full pages those updates spill to other pages and insert into every index of the table, the GIN ones
-- included. Applies to pages written from now on; existing rows keep their pages until rewritten.
ALTER TABLE conversations.messages SET (fillfactor = 90);
ALTER TABLE conversations.conversations SET (fillfactor = 75);

-- Carrier ids (one to a few per message) are searched while delivery receipts arrive, when the receipt does not echo
-- our message id. With GIN's pending list (fastupdate, the default) every search scans the whole unsorted list, which
-- grows with every message stored until a vacuum; a message's few ids cost little to insert straight into the index.
ALTER INDEX conversations.messages_by_provider_message_id SET (fastupdate = off);
-- Setting fastupdate off does not flush the entries already pending: flush them now.
SELECT gin_clean_pending_list('conversations.messages_by_provider_message_id'::regclass);
