-- 发展党员 (issue 5): what the 25-step records need beyond schema v1.
-- Person details for the 花名册 (not carried by data package v1), the date a 预备期 extension was decided
-- (at most one), documents received, and the recorded reasons for overriding entry-time warnings.

ALTER TABLE development_people ADD COLUMN ethnicity TEXT;
ALTER TABLE development_people ADD COLUMN education TEXT;
ALTER TABLE development_people ADD COLUMN unit_title TEXT;
ALTER TABLE development_people ADD COLUMN probation_extended_on TEXT;

-- 申请书, quarterly 思想汇报, 入党志愿书 (with its number), 政审材料, 转正申请书 …
CREATE TABLE development_documents (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES development_people(id),
    kind        TEXT NOT NULL CHECK (kind IN ('application','thought_report','volunteer_book','political_review','conversion_application','other')),
    received_on TEXT NOT NULL,
    -- 思想汇报: the quarter it covers, 'YYYY-Qn'.
    period      TEXT,
    -- 入党志愿书 编号.
    number      TEXT,
    note        TEXT,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX development_documents_person ON development_documents(person_id);

-- A rule warning the secretary overrode at entry time, with the reason (never without one).
CREATE TABLE development_overrides (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES development_people(id),
    step        INTEGER,
    "check"     TEXT NOT NULL,
    rules       TEXT NOT NULL,
    message     TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX development_overrides_person ON development_overrides(person_id);
