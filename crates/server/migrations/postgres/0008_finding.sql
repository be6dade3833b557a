-- PostgreSQL's version of ../0008_finding.sql: the same tables and columns (a test compares them).
-- Finding and keeping (issue 14, docs/tickets.md).

-- When the owner of a draft was told it will be deleted (milliseconds since the epoch, UTC): a
-- draft left unchanged for 90 days is deleted, a week after that email (crate::drafts_expiry).
ALTER TABLE tickets ADD COLUMN draft_expiry_warned_at BIGINT;

-- Each MCO's own dispute process, as HFS administrators record it: the link to its internal
-- dispute process, how to get a tracking number, its provider services phone number. Empty until
-- recorded (the seeded MCOs start with their names only).
ALTER TABLE mcos ADD COLUMN dispute_url TEXT NOT NULL DEFAULT '';
ALTER TABLE mcos ADD COLUMN tracking_guidance TEXT NOT NULL DEFAULT '';
ALTER TABLE mcos ADD COLUMN provider_services_phone TEXT NOT NULL DEFAULT '';
