-- The complete audit trail (docs/security.md, V7): every look at protected health information and
-- every security event, with who (the username typed, for a failed sign-in), from which client
-- address, when and what. Entries are never changed or removed (the triggers below refuse it) and
-- their ids are never given again (AUTOINCREMENT). `ticket_id` has no foreign key: a deleted
-- draft's entries stay.
CREATE TABLE audit_trail (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        INTEGER NOT NULL,
    user_id   INTEGER REFERENCES users (id),
    actor     TEXT NOT NULL,
    client    TEXT,
    ticket_id INTEGER,
    kind      TEXT NOT NULL,
    detail    TEXT
);

INSERT INTO audit_trail (id, at, user_id, actor, client, ticket_id, kind, detail)
SELECT a.id, a.at, a.user_id, COALESCE(u.username, ''), NULL, a.ticket_id, a.what, NULL
FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
ORDER BY a.id;

DROP TABLE audit_log;
ALTER TABLE audit_trail RENAME TO audit_log;

CREATE INDEX audit_by_ticket ON audit_log (ticket_id);
CREATE INDEX audit_by_user ON audit_log (user_id);
CREATE INDEX audit_by_kind ON audit_log (kind);
CREATE INDEX audit_by_time ON audit_log (at);

CREATE TRIGGER audit_log_never_changed BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit entries are never changed');
END;

CREATE TRIGGER audit_log_never_removed BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit entries are never removed');
END;
