-- A campaign's results (README, "Campaigns", "Results"): what each recipient's reply matched, for the reply breakdown,
-- and the destination country of a sent message, derived from its number when it is sent, so the cost is priced per
-- country without a lookup per recipient when the contact projection does not know the number's country.
ALTER TABLE campaigns.recipients
    ADD COLUMN matched_option text NULL,
    ADD COLUMN country        text NULL;
