-- Compliance: a contact's own time zone, set through the API (PUT /v1/consent/{number}/time-zone, an opt-in, an import).
-- Quiet hours use it instead of the zones the number's prefix suggests. An attribute of the person, not of a brand:
-- one row per number, replaced when it changes.
CREATE TABLE compliance.contact_time_zones (
    number     text        PRIMARY KEY,            -- the customer's number, E.164
    time_zone  text        NOT NULL,               -- IANA id, e.g. America/Los_Angeles
    source     text        NOT NULL,               -- api, opt_in, import: where it was set
    updated_at timestamptz NOT NULL DEFAULT now()
);
