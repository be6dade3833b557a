-- Accounts: users and their profiles, facilities, sessions, sign-in throttling, the outbox, MCOs.
-- Dates are TEXT 'YYYY-MM-DD' (Illinois dates); instants are INTEGER milliseconds since the epoch (UTC).

CREATE TABLE mcos (
    id     INTEGER PRIMARY KEY,
    name   TEXT NOT NULL UNIQUE COLLATE NOCASE,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

-- The MCOs of portal-overview-2023-07.txt.
INSERT INTO mcos (name) VALUES
    ('Aetna Better Health of Illinois'),
    ('Blue Cross Community Health Plans'),
    ('CountyCare Health Plan'),
    ('Meridian Health Plan of Illinois'),
    ('Molina Healthcare of Illinois');

CREATE TABLE users (
    id                INTEGER PRIMARY KEY,
    username          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    email             TEXT NOT NULL,
    password_hash     TEXT NOT NULL,
    role              TEXT NOT NULL CHECK (role IN ('provider', 'mco', 'hfs_staff', 'hfs_admin')),
    status            TEXT NOT NULL CHECK (status IN ('profile_needed', 'pending', 'approved', 'denied', 'disabled')),
    mco_id            INTEGER REFERENCES mcos (id),
    -- The profile (registration-instructions.txt, "Profile").
    first_name        TEXT NOT NULL DEFAULT '',
    last_name         TEXT NOT NULL DEFAULT '',
    contact_email     TEXT NOT NULL DEFAULT '',
    contact_phone     TEXT NOT NULL DEFAULT '',
    organization_name TEXT NOT NULL DEFAULT '',
    organization_type TEXT NOT NULL DEFAULT '',
    medicaid_id       TEXT NOT NULL DEFAULT '',
    npi               TEXT NOT NULL DEFAULT '',
    requested_on      TEXT,
    decided_on        TEXT,
    decided_by        INTEGER REFERENCES users (id),
    denial_reason     TEXT,
    created_at        INTEGER NOT NULL,
    -- A demo account (`--demo`): it cannot sign in, and its sessions end, without `--demo`.
    demo              INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
    CHECK ((role = 'mco') = (mco_id IS NOT NULL))
);

CREATE TABLE facilities (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    facility_type TEXT NOT NULL,
    medicaid_id   TEXT NOT NULL,
    npi           TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE user_facilities (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    facility_id INTEGER NOT NULL REFERENCES facilities (id) ON DELETE CASCADE,
    added_at    INTEGER NOT NULL,
    PRIMARY KEY (user_id, facility_id)
);

-- A Multiple Provider/Facility Registration Request (the template's header) ...
CREATE TABLE facility_request_batches (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    contact_name  TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    requested_on  TEXT NOT NULL,
    review_due_on TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);

-- ... and its rows, one facility each, each decided on its own.
CREATE TABLE facility_requests (
    id              INTEGER PRIMARY KEY,
    batch_id        INTEGER NOT NULL REFERENCES facility_request_batches (id) ON DELETE CASCADE,
    row_number      INTEGER NOT NULL,
    contact_email   TEXT NOT NULL,
    contact_phone   TEXT NOT NULL,
    name            TEXT NOT NULL,
    facility_type   TEXT NOT NULL,
    medicaid_id     TEXT NOT NULL,
    npi             TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'invited', 'redeemed', 'denied')),
    denial_reason   TEXT,
    decided_on      TEXT,
    decided_by      INTEGER REFERENCES users (id),
    -- SHA-256 (hex) of the invitation code; the code itself is only in the email.
    invitation_hash TEXT UNIQUE,
    invitation_expires_at INTEGER,
    facility_id     INTEGER REFERENCES facilities (id),
    UNIQUE (batch_id, row_number)
);

CREATE TABLE sessions (
    -- SHA-256 (hex) of the cookie's token.
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    facility_id  INTEGER REFERENCES facilities (id),
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Failed sign-ins per username as typed, whether or not such a user exists: the key is the SHA-256
-- (hex) of the trimmed, lowercased username (so neither a password typed into the username box nor
-- junk of any length is stored). Rows idle for the lockout period are deleted.
CREATE TABLE sign_in_failures (
    username_key   TEXT PRIMARY KEY,
    failures       INTEGER NOT NULL,
    last_failed_at INTEGER NOT NULL,
    locked_until   INTEGER
);

-- Emails the server sends (a mail relay would read this table; in demo mode a page shows it).
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    to_address TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    sent_at    INTEGER
);
