-- Portal Sanction Payment Notices (docs/reporting.md): one per MCO and quarterly reporting period
-- with fines (a second one only for fines recorded after the first was issued), the fines on each,
-- HFS's waivers, the payment settings HFS administrators keep, and the alerts sent to HFS.
-- Dates are TEXT 'YYYY-MM-DD' (Illinois dates); instants INTEGER milliseconds since the epoch (UTC).

CREATE TABLE sanction_notices (
    id             INTEGER PRIMARY KEY,
    mco_id         INTEGER NOT NULL REFERENCES mcos (id),
    -- '2026-Q3'.
    quarter        TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('draft', 'issued', 'withdrawn')),
    notice_due_on  TEXT NOT NULL,
    issued_on      TEXT,
    issued_by      INTEGER REFERENCES users (id),
    -- Fixed when issued (the settings of that day).
    payment_due_on TEXT,
    payment_address TEXT,
    payment_bureau TEXT,
    total_cents    INTEGER,
    -- HFS was reminded a week before the due date.
    reminded_at    INTEGER,
    created_at     INTEGER NOT NULL
);
-- At most one draft per MCO and quarter.
CREATE UNIQUE INDEX one_draft_per_mco_and_quarter ON sanction_notices (mco_id, quarter)
    WHERE status = 'draft';
CREATE INDEX notices_by_status ON sanction_notices (status);

-- Each fine is on one notice only.
CREATE TABLE sanction_notice_fines (
    notice_id     INTEGER NOT NULL REFERENCES sanction_notices (id),
    fine_id       INTEGER NOT NULL UNIQUE REFERENCES fines (id),
    waived_reason TEXT,
    waived_by     INTEGER REFERENCES users (id),
    waived_at     INTEGER,
    PRIMARY KEY (notice_id, fine_id)
);

-- One row: where payments go and how long the MCO has to pay.
CREATE TABLE sanction_settings (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    payment_address TEXT NOT NULL,
    payment_bureau  TEXT NOT NULL,
    payment_days    INTEGER NOT NULL CHECK (payment_days BETWEEN 1 AND 365),
    hfs_mailbox     TEXT NOT NULL DEFAULT '',
    updated_at      INTEGER NOT NULL
);
INSERT INTO sanction_settings (id, payment_address, payment_bureau, payment_days, updated_at) VALUES
    (1, 'Illinois Department of Healthcare and Family Services
201 South Grand Avenue East
Springfield, IL 62763', 'Bureau of Managed Care', 30, 0);

-- HFS was emailed the day the MCO missed a response due date (once per fine).
CREATE TABLE fine_alerts (
    fine_id    INTEGER PRIMARY KEY REFERENCES fines (id),
    alerted_at INTEGER NOT NULL
);
CREATE INDEX fines_by_date ON fines (fined_on);
CREATE INDEX tickets_by_submitted_on ON tickets (submitted_on);
