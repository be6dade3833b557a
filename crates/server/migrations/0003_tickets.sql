-- Tickets: drafts and submitted tickets (one table: a draft is a ticket with status 'draft'),
-- their files, history, fines, and the audit log of who saw protected health information.
-- Dates are TEXT 'YYYY-MM-DD' (Illinois dates); instants INTEGER milliseconds since the epoch (UTC).

CREATE TABLE tickets (
    id                  INTEGER PRIMARY KEY,
    created_by          INTEGER NOT NULL REFERENCES users (id),
    -- The form (rules::wire::tickets::TicketForm) as JSON while a draft; kept after submission
    -- as what was submitted.
    form_json           TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'with_mco', 'info_requested',
                            'mco_responded', 'contested', 'hfs_review', 'closed')),
    closed_reason       TEXT,
    closing_note        TEXT,
    -- Copied out of the form on submission, for access checks and lists.
    facility_id         INTEGER REFERENCES facilities (id),
    mco_id              INTEGER REFERENCES mcos (id),
    complaint_type      TEXT,
    rin_last4           TEXT,
    tracking_number     TEXT,
    -- The engine's events (rules::timeline::Events).
    mco_received_on     TEXT,
    submitted_on        TEXT,
    hfs_closed_on       TEXT,
    presented_on        TEXT,
    info_requested_on   TEXT,
    info_provided_on    TEXT,
    extension_requested_on TEXT,
    extension_requested_by TEXT CHECK (extension_requested_by IN ('mco', 'provider')),
    extension_approved_for TEXT CHECK (extension_approved_for IN ('mco', 'provider')),
    extension_refused_on TEXT,
    mco_responded_on    TEXT,
    provider_decision   TEXT CHECK (provider_decision IN ('accepted', 'contested')),
    provider_decided_on TEXT,
    hfs_review_requested_on TEXT,
    information_delivered_on TEXT,
    hfs_decided_on      TEXT,
    -- The MCO's written response.
    response_outcome    TEXT CHECK (response_outcome IN ('upheld', 'overturned')),
    response_text       TEXT,
    response_contact_name  TEXT,
    response_contact_phone TEXT,
    response_contact_email TEXT,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
CREATE INDEX tickets_by_facility ON tickets (facility_id);
CREATE INDEX tickets_by_mco ON tickets (mco_id);
CREATE INDEX tickets_by_status ON tickets (status);

CREATE TABLE ticket_attachments (
    id           INTEGER PRIMARY KEY,
    ticket_id    INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes   INTEGER NOT NULL,
    bytes        BLOB NOT NULL,
    added_by_user INTEGER REFERENCES users (id),
    added_by     TEXT NOT NULL CHECK (added_by IN ('provider', 'mco', 'hfs')),
    added_at     INTEGER NOT NULL
);
CREATE INDEX attachments_by_ticket ON ticket_attachments (ticket_id);

-- Append-only: everything that happened on a ticket, by whom.
CREATE TABLE ticket_history (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    at         INTEGER NOT NULL,
    on_date    TEXT NOT NULL,
    party      TEXT NOT NULL CHECK (party IN ('provider', 'mco', 'hfs', 'portal')),
    user_id    INTEGER REFERENCES users (id),
    action     TEXT NOT NULL,
    summary    TEXT NOT NULL,
    text       TEXT
);
CREATE INDEX history_by_ticket ON ticket_history (ticket_id);

-- One row per fine the clocks issued (never twice for the same ticket and date).
CREATE TABLE fines (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    mco_id      INTEGER NOT NULL REFERENCES mcos (id),
    amount_cents INTEGER NOT NULL,
    fined_on    TEXT NOT NULL,
    sanction_notice_due_on TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (ticket_id, fined_on)
);

-- Who saw or downloaded protected health information, and when.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    user_id   INTEGER NOT NULL REFERENCES users (id),
    ticket_id INTEGER REFERENCES tickets (id),
    what      TEXT NOT NULL
);
CREATE INDEX audit_by_ticket ON audit_log (ticket_id);
