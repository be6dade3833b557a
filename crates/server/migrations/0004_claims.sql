-- Claims templates (issue 6, docs/claims.md): a ticket about 2 to 100 similar claims carries the
-- standard template as a file and one row per claim.

-- The name people use for each MCO: a template's MCO column may give it instead of the full name.
ALTER TABLE mcos ADD COLUMN short_name TEXT NOT NULL DEFAULT '';
UPDATE mcos SET short_name = 'Aetna' WHERE name = 'Aetna Better Health of Illinois';
UPDATE mcos SET short_name = 'Blue Cross' WHERE name = 'Blue Cross Community Health Plans';
UPDATE mcos SET short_name = 'CountyCare' WHERE name = 'CountyCare Health Plan';
UPDATE mcos SET short_name = 'Meridian' WHERE name = 'Meridian Health Plan of Illinois';
UPDATE mcos SET short_name = 'Molina' WHERE name = 'Molina Healthcare of Illinois';

-- What a file is for: 'file' (a document attached by a party) or 'claims' (the draft's or the
-- ticket's claims template: at most one per ticket, not counted among its files).
ALTER TABLE ticket_attachments ADD COLUMN purpose TEXT NOT NULL DEFAULT 'file'
    CHECK (purpose IN ('file', 'claims'));
CREATE UNIQUE INDEX one_claims_file_per_ticket ON ticket_attachments (ticket_id)
    WHERE purpose = 'claims';

-- The attachment holding the claims template (kept with the ticket in ticket_attachments).
ALTER TABLE tickets ADD COLUMN claims_file_id INTEGER
    REFERENCES ticket_attachments (id) ON DELETE SET NULL;

-- One row per claim of a template ticket, as read from the file on submission. Dates TEXT
-- 'YYYY-MM-DD'; amounts in cents. The RIN is protected health information: lists show rin_last4.
CREATE TABLE ticket_claims (
    id                INTEGER PRIMARY KEY,
    ticket_id         INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    -- The spreadsheet's own row number (the heading row is row 1).
    row_number        INTEGER NOT NULL,
    member_first_name TEXT NOT NULL,
    member_last_name  TEXT NOT NULL,
    rin               TEXT NOT NULL,
    rin_last4         TEXT NOT NULL,
    service_from      TEXT NOT NULL,
    service_to        TEXT NOT NULL,
    claim_number      TEXT NOT NULL,
    billed_cents      INTEGER NOT NULL CHECK (billed_cents >= 0),
    paid_cents        INTEGER NOT NULL CHECK (paid_cents >= 0),
    tracking_number   TEXT NOT NULL,
    mco_received_on   TEXT NOT NULL,
    issue             TEXT NOT NULL,
    UNIQUE (ticket_id, row_number)
);
CREATE INDEX claims_by_ticket ON ticket_claims (ticket_id);
