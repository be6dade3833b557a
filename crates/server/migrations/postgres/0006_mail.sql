-- PostgreSQL's version of ../0006_mail.sql: the same tables and columns (a test compares them).
-- Email delivery (docs/email.md): the outbox becomes a durable queue that the sender drains, MCOs
-- may have a mailbox of their own, reminders are sent once each, and HFS's mail settings.

-- queued: waiting for its next attempt (next_attempt_at, ms since the epoch); sent: the relay
-- accepted it (sent_at); failed: a permanent refusal (5xx) or too many attempts (last_error says).
ALTER TABLE outbox ADD COLUMN state TEXT NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'sent', 'failed'));
ALTER TABLE outbox ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN last_error TEXT;
-- The Message-ID header, made from the row's id and the sender's domain when first sent.
ALTER TABLE outbox ADD COLUMN message_id TEXT;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
-- Messages written before the portal could send are not sent now, days or months late.
UPDATE outbox SET state = 'failed', last_error = 'Written before the portal sent email: not sent.';

-- The address HFS sets for an MCO's portal email; NULL: the MCO's approved users.
ALTER TABLE mcos ADD COLUMN mailbox TEXT;

-- One row per reminder sent: never twice, even across restarts.
CREATE TABLE reminders_sent (
    ticket_id BIGINT NOT NULL REFERENCES tickets (id),
    clock     TEXT NOT NULL,
    due_on    TEXT NOT NULL,
    kind      TEXT NOT NULL,
    sent_at   BIGINT NOT NULL,
    PRIMARY KEY (ticket_id, clock, due_on, kind)
);

-- Settings HFS administrators change in the portal.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- The reminders before each due date, in business days before it (0: the due date's morning).
INSERT INTO settings (key, value) VALUES ('reminder_lead_days', '2,0');
