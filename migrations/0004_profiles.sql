-- Standard profiles copied and edited by users, and the state of manual check items.

-- A user's copy of a standard profile: the whole profile as validated JSON (same shape as assets/profiles).
CREATE TABLE standard_profiles (
    id           TEXT PRIMARY KEY,
    based_on     TEXT NOT NULL,
    profile_json TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;

-- A person's answer to a manual item (or a dated deadline) of a profile, per organisation and year:
-- ticked as met, the day it was done, a note, evidence references, and a score where the profile scores.
CREATE TABLE check_marks (
    org_id        INTEGER NOT NULL REFERENCES organizations(id),
    year          INTEGER NOT NULL,
    profile       TEXT NOT NULL,
    rule          TEXT NOT NULL,
    ticked        INTEGER NOT NULL DEFAULT 0 CHECK (ticked IN (0,1)),
    done_on       TEXT,
    note          TEXT,
    evidence_json TEXT NOT NULL DEFAULT '[]',
    score_tenths  INTEGER CHECK (score_tenths IS NULL OR score_tenths >= 0),
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (org_id, year, profile, rule)
) STRICT;
