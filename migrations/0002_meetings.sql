-- zhibu ledger schema, version 2: 组织生活 (issue 3) — talk triggers, 政治生日 celebrants, 列席,
-- meeting templates, full-text search over topics and minutes, and the indexes the year views need.

-- The "五个必谈" occasion of a 谈心谈话 (null: an ordinary talk).
ALTER TABLE activities ADD COLUMN talk_trigger TEXT
    CHECK (talk_trigger IN ('setback','family_hardship','post_change','honour','discipline'));
-- 列席人员: people at the sitting who are not expected members (free text, names or titles).
ALTER TABLE activities ADD COLUMN observers TEXT;

-- Whose 政治生日 an activity celebrated (members who joined in that day, month or quarter).
CREATE TABLE activity_celebrants (
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    PRIMARY KEY (activity_id, member_id)
) STRICT;
CREATE INDEX activity_celebrants_member ON activity_celebrants(member_id);

-- Reusable prefills for recurring meetings; `types` holds activity type codes separated by spaces.
CREATE TABLE meeting_templates (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organizations(id),
    name         TEXT NOT NULL,
    types        TEXT NOT NULL,
    group_id     INTEGER REFERENCES party_groups(id),
    start_time   TEXT,
    end_time     TEXT,
    place        TEXT,
    topic        TEXT,
    host_id      INTEGER REFERENCES members(id),
    recorder_id  INTEGER REFERENCES members(id),
    lecturer_id  INTEGER REFERENCES members(id),
    content      TEXT,
    decisions    TEXT,
    hours_tenths INTEGER CHECK (hours_tenths >= 0),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (org_id, name)
) STRICT;

-- Year views: all organisations by date (a committee's whole tree), a file's owners, a member's
-- trainings. Attendance needs no new index: its primary key (activity_id, member_id) serves the
-- per-sitting counts and `attendance_member` the per-member reads; each extra index on its ~750k rows
-- (large demo) would slow every import.
CREATE INDEX activities_date ON activities(date);
CREATE INDEX attachments_activity ON attachments(activity_id);
CREATE INDEX trainings_member_date ON trainings(member_id, date);

-- Full-text search over topics and minutes. Trigram tokens make Chinese searchable without a word list;
-- queries shorter than three characters fall back to LIKE in the code. `detail = none` keeps only which
-- rows hold each trigram (a much smaller, faster-built index); the code confirms each candidate row
-- with LIKE, so a query matches exactly the rows containing it.
CREATE VIRTUAL TABLE activity_search USING fts5(
    topic, content, decisions,
    content = 'activities', content_rowid = 'id', tokenize = 'trigram', detail = none
);
INSERT INTO activity_search(activity_search) VALUES ('rebuild');

-- A bulk import pauses the triggers (a `ledger_meta` row 'search_index_paused') and rebuilds the index
-- once at the end, in the same transaction: row by row it costs seconds on the large demo, a rebuild
-- well under one.
CREATE TRIGGER activity_search_insert AFTER INSERT ON activities
WHEN NOT EXISTS (SELECT 1 FROM ledger_meta WHERE name = 'search_index_paused') BEGIN
    INSERT INTO activity_search(rowid, topic, content, decisions)
    VALUES (new.id, new.topic, new.content, new.decisions);
END;
CREATE TRIGGER activity_search_delete AFTER DELETE ON activities
WHEN NOT EXISTS (SELECT 1 FROM ledger_meta WHERE name = 'search_index_paused') BEGIN
    INSERT INTO activity_search(activity_search, rowid, topic, content, decisions)
    VALUES ('delete', old.id, old.topic, old.content, old.decisions);
END;
CREATE TRIGGER activity_search_update AFTER UPDATE OF topic, content, decisions ON activities
WHEN NOT EXISTS (SELECT 1 FROM ledger_meta WHERE name = 'search_index_paused') BEGIN
    INSERT INTO activity_search(activity_search, rowid, topic, content, decisions)
    VALUES ('delete', old.id, old.topic, old.content, old.decisions);
    INSERT INTO activity_search(rowid, topic, content, decisions)
    VALUES (new.id, new.topic, new.content, new.decisions);
END;
