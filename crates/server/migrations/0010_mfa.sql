-- Two-step sign-in (TOTP, RFC 6238), sessions that end after 12 hours and change id when the
-- account's rights change, and sign-in failures remembered for 24 hours (docs/security.md).

-- The authenticator's secret (base32) once confirmed, the one being set up until then, when the
-- user enrolled, and the last time step a code was accepted for (a code is accepted once).
ALTER TABLE users ADD COLUMN mfa_secret TEXT;
ALTER TABLE users ADD COLUMN mfa_pending_secret TEXT;
ALTER TABLE users ADD COLUMN mfa_enrolled_at INTEGER;
ALTER TABLE users ADD COLUMN mfa_last_step INTEGER;

-- Ten single-use recovery codes per enrolment: only their SHA-256 (hex).
CREATE TABLE mfa_recovery_codes (
    id        INTEGER PRIMARY KEY,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at   INTEGER
);
CREATE INDEX mfa_recovery_codes_by_user ON mfa_recovery_codes (user_id);

-- A session whose password was right but whose code is still due (it reaches nothing but
-- `POST /api/session/mfa` and signing out); and one whose id changes at its next request (the
-- account's rights changed).
ALTER TABLE sessions ADD COLUMN mfa_pending INTEGER NOT NULL DEFAULT 0 CHECK (mfa_pending IN (0, 1));
ALTER TABLE sessions ADD COLUMN rotate_due INTEGER NOT NULL DEFAULT 0 CHECK (rotate_due IN (0, 1));

-- How many locks a key has had in the 24 hours its failures are remembered (each lasts twice
-- the one before).
ALTER TABLE sign_in_failures ADD COLUMN locks INTEGER NOT NULL DEFAULT 0;
