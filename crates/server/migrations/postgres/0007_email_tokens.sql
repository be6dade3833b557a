-- PostgreSQL's version of ../0007_email_tokens.sql: the same tables and columns (a test compares them).
-- Email links: password resets and address confirmations (docs/accounts.md, "Password reset" and
-- "Confirmed addresses"). A link's token is only in the email; the table keeps its SHA-256 (hex).
-- A token is used once (`used_at`) and only before `expires_at` (milliseconds since the epoch).
CREATE TABLE email_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- `password_reset`; `account_email` (the account's email) or `contact_email` (the profile's).
    purpose    TEXT NOT NULL CHECK (purpose IN ('password_reset', 'account_email', 'contact_email')),
    -- The address the link was sent to: a confirmation counts only while it is still the address.
    address    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX email_tokens_by_user ON email_tokens (user_id, purpose);

-- When the account's email and the profile's contact email were confirmed (NULL: not yet). A
-- registration request reaches HFS's queue only once both are.
ALTER TABLE users ADD COLUMN email_confirmed_at BIGINT;
ALTER TABLE users ADD COLUMN contact_email_confirmed_at BIGINT;

-- The accounts made before addresses were confirmed count as confirmed.
UPDATE users SET email_confirmed_at = created_at, contact_email_confirmed_at = created_at;
