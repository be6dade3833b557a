-- Issue 13: expedited tickets, the MCO's plan and resolve-by date, both parties' deliveries for
-- HFS's review, HFS's review stages and decision, the MCO's report of an incomplete answer, and
-- the provider's follow-ups after closure. Dates TEXT 'YYYY-MM-DD' (Illinois); instants INTEGER ms.

-- The provider said the issue stops a member from getting care now (TicketForm.access_to_care).
ALTER TABLE tickets ADD COLUMN expedited INTEGER NOT NULL DEFAULT 0;
-- The target an HFS administrator set for presenting an expedited ticket (no rule's deadline).
ALTER TABLE tickets ADD COLUMN present_target_on TEXT;
-- The MCO's plan and the date by which the complaint will be resolved (both or neither).
ALTER TABLE tickets ADD COLUMN response_plan TEXT;
ALTER TABLE tickets ADD COLUMN response_resolve_by TEXT;
-- Each party's delivery for the review (information_delivered_on: when both had).
ALTER TABLE tickets ADD COLUMN provider_delivered_on TEXT;
ALTER TABLE tickets ADD COLUMN mco_delivered_on TEXT;
-- The MCO's report that the provider's answer was incomplete, and HFS's "proceed".
ALTER TABLE tickets ADD COLUMN incomplete_reported_on TEXT;
ALTER TABLE tickets ADD COLUMN incomplete_missing TEXT;
ALTER TABLE tickets ADD COLUMN proceed_on TEXT;
-- HFS's review: its stage and who holds it; the decision's outcome and letter.
ALTER TABLE tickets ADD COLUMN review_stage TEXT
    CHECK (review_stage IN ('requested', 'account_manager', 'sme'));
ALTER TABLE tickets ADD COLUMN review_account_manager_id INTEGER REFERENCES users (id);
ALTER TABLE tickets ADD COLUMN review_sme_id INTEGER REFERENCES users (id);
ALTER TABLE tickets ADD COLUMN decision_outcome TEXT
    CHECK (decision_outcome IN ('for_provider', 'for_mco', 'partly'));
ALTER TABLE tickets ADD COLUMN decision_letter_id INTEGER REFERENCES ticket_attachments (id);

-- Tickets already in review before this change wait for an Account Manager.
UPDATE tickets SET review_stage = 'requested' WHERE status = 'hfs_review';

CREATE TABLE ticket_deliveries (
    id            INTEGER PRIMARY KEY,
    ticket_id     INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    party         TEXT NOT NULL CHECK (party IN ('provider', 'mco')),
    user_id       INTEGER REFERENCES users (id),
    delivered_on  TEXT NOT NULL,
    information   TEXT NOT NULL,
    contact_name  TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    -- JSON array of ticket_attachments ids.
    attachment_ids TEXT NOT NULL DEFAULT '[]',
    at            INTEGER NOT NULL,
    UNIQUE (ticket_id, party)
);

CREATE TABLE ticket_follow_ups (
    id            INTEGER PRIMARY KEY,
    ticket_id     INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    reported_on   TEXT NOT NULL,
    reported_by   INTEGER REFERENCES users (id),
    message       TEXT NOT NULL,
    attachment_ids TEXT NOT NULL DEFAULT '[]',
    closed_on     TEXT,
    closed_by     INTEGER REFERENCES users (id),
    note          TEXT,
    at            INTEGER NOT NULL
);
CREATE INDEX follow_ups_by_ticket ON ticket_follow_ups (ticket_id);
