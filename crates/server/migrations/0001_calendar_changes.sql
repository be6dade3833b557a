-- Closure days HFS adds (a Governor's proclamation) or removes, on top of the standard
-- Illinois State holiday calendar. One change per date.
CREATE TABLE calendar_changes (
    date TEXT PRIMARY KEY NOT NULL CHECK (length(date) = 10 AND date(date) IS date),
    kind TEXT NOT NULL CHECK (kind IN ('add', 'remove')),
    name TEXT,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
