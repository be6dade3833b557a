-- PostgreSQL's version of ../0012_one_hfs_mailbox.sql: the same tables and columns (a test compares them).
-- One HFS mailbox: the sanctions' alerts and reminders go to the address of `--hfs-mailbox`, like
-- every other email to HFS (docs/email.md), so the sanction settings no longer keep one of their own.
ALTER TABLE sanction_settings DROP COLUMN hfs_mailbox;
