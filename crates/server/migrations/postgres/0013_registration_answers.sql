-- PostgreSQL's version of ../0013_registration_answers.sql: the same table and columns (a test
-- compares them). A registrant's answers, kept step by step before the profile is sent; deleted
-- when it is sent. No password and no health information.
CREATE TABLE registration_answers (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    step       TEXT NOT NULL CHECK (step IN ('name', 'organization', 'check')),
    answers    TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
