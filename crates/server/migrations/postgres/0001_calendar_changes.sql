-- PostgreSQL's version of ../0001_calendar_changes.sql: the same tables and columns (a test compares them).

-- SQLite's NOCASE: usernames and MCO names are unique and equal whatever their case. A
-- nondeterministic ICU collation named nocase does the same here, so queries written
-- `... COLLATE NOCASE` read the same on both databases.
CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
-- Closure days HFS adds (a Governor's proclamation) or removes, on top of the standard
-- Illinois State holiday calendar. One change per date.
CREATE TABLE calendar_changes (
    date TEXT PRIMARY KEY NOT NULL CHECK (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND to_char(to_date(date, 'YYYY-MM-DD'), 'YYYY-MM-DD') = date),
    kind TEXT NOT NULL CHECK (kind IN ('add', 'remove')),
    name TEXT,
    created_at TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
);

-- SQLite's functions that the queries use, so that one SQL text serves both databases: the
-- JSON ones on the TEXT columns that hold JSON, and printf for ticket numbers ('%06d' only).
CREATE FUNCTION json_extract(document TEXT, path TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CAST(document AS jsonb) #>> string_to_array(substr(path, 3), '.')
$$;
CREATE FUNCTION json_each(document TEXT) RETURNS TABLE (value TEXT)
    LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_array_elements_text(CAST(document AS jsonb))
$$;
CREATE FUNCTION printf(format TEXT, n BIGINT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN format = '%06d' THEN lpad(CAST(n AS TEXT), 6, '0')
                ELSE CAST(n AS TEXT) END
$$;
