-- A registrant's answers, kept step by step before the profile is sent (issue 18, "nothing typed
-- is lost"): the profile's fields as typed (JSON of text members) and the step the registrant
-- reached (the page a return to /register resumes at). Deleted when the profile is sent. No
-- password and no health information: the account's name, contact and organization details only.
CREATE TABLE registration_answers (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    step       TEXT NOT NULL CHECK (step IN ('name', 'organization', 'check')),
    answers    TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
