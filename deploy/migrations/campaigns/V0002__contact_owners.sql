-- Campaigns: who owns each conversation of a contact. ConversationOwnerChanged's version counts the changes of its one
-- conversation (from 1), and a contact has a conversation per business number: versions of two conversations say
-- nothing about which change is newer. So the owner is kept per conversation (the highest version wins) and
-- contacts.owned_by_people is true while any of the contact's conversations is owned by people (Data/ContactProjection.cs).
-- contacts.owner_version is left at 0.
CREATE TABLE campaigns.contact_owners (
    number           text    NOT NULL,
    conversation_id  uuid    NOT NULL,
    owned_by_people  boolean NOT NULL,
    version          bigint  NOT NULL,
    PRIMARY KEY (number, conversation_id)
);
