-- zhibu ledger schema, version 1: the whole domain model.
-- Never edit a released migration: add a new file instead (a test checks the schema only grows).
-- Conventions: dates 'YYYY-MM-DD', months 'YYYY-MM', times 'HH:MM', timestamps RFC 3339 (UTC);
-- money integer 分 (*_fen); 学时 integer tenths of an hour (*_tenths); codes are the data-package codes.

CREATE TABLE ledger_meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE organizations (
    id              INTEGER PRIMARY KEY,
    key             TEXT NOT NULL UNIQUE,
    parent_id       INTEGER REFERENCES organizations(id),
    name            TEXT NOT NULL,
    short_name      TEXT,
    kind            TEXT NOT NULL CHECK (kind IN ('committee','general_branch','branch','joint_branch','temporary_branch')),
    sector          TEXT NOT NULL CHECK (sector IN ('government','institution','soe','private_enterprise','social_org','school','urban_community','village')),
    founded_on      TEXT,
    term_elected_on TEXT,
    term_years      INTEGER,
    profile         TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

CREATE TABLE party_groups (
    id               INTEGER PRIMARY KEY,
    key              TEXT NOT NULL UNIQUE,
    org_id           INTEGER NOT NULL REFERENCES organizations(id),
    name             TEXT NOT NULL,
    leader_member_id INTEGER REFERENCES members(id)
) STRICT;

CREATE TABLE members (
    id                 INTEGER PRIMARY KEY,
    key                TEXT NOT NULL UNIQUE,
    org_id             INTEGER NOT NULL REFERENCES organizations(id),
    group_id           INTEGER REFERENCES party_groups(id),
    name               TEXT NOT NULL,
    gender             TEXT NOT NULL CHECK (gender IN ('男','女')),
    ethnicity          TEXT,
    id_number          TEXT,
    birth_date         TEXT NOT NULL,
    education          TEXT,
    status             TEXT NOT NULL CHECK (status IN ('full','probationary')),
    joined_on          TEXT NOT NULL,
    full_member_on     TEXT,
    category           TEXT NOT NULL CHECK (category IN ('employed','retired','farmer','student','unemployed','other')),
    post               TEXT,
    phone              TEXT,
    landline           TEXT,
    address            TEXT,
    standing           TEXT NOT NULL DEFAULT 'normal' CHECK (standing IN ('normal','suspended')),
    lost_contact_since TEXT,
    outflow_to         TEXT,
    attendance_exempt  INTEGER NOT NULL DEFAULT 0 CHECK (attendance_exempt IN (0,1)),
    native_place       TEXT,
    work_started_on    TEXT,
    degree             TEXT,
    unit_title         TEXT,
    remark             TEXT,
    left_on            TEXT,
    left_reason        TEXT CHECK (left_reason IN ('transfer_out','deceased','expelled','withdrawn','other')),
    left_to            TEXT,
    dues_fixed_fen     INTEGER,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
) STRICT;
CREATE INDEX members_org ON members(org_id);
CREATE INDEX members_id_number ON members(id_number);

-- Status history: 预备→正式, 转入/转出 with 介绍信, 停止党籍/恢复, 出党, 去世 …
CREATE TABLE member_events (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members(id),
    on_date    TEXT NOT NULL,
    event      TEXT NOT NULL CHECK (event IN ('joined','became_full','transfer_in','transfer_out','suspended','restored','deceased','expelled','withdrawn','left_other','returned')),
    detail     TEXT,
    letter_no  TEXT,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX member_events_member ON member_events(member_id);

CREATE TABLE org_positions (
    id        INTEGER PRIMARY KEY,
    org_id    INTEGER NOT NULL REFERENCES organizations(id),
    member_id INTEGER NOT NULL REFERENCES members(id),
    role      TEXT NOT NULL CHECK (role IN ('secretary','deputy_secretary','organization','propaganda','discipline','other')),
    from_date TEXT,
    to_date   TEXT
) STRICT;
CREATE INDEX org_positions_org ON org_positions(org_id);

CREATE TABLE activities (
    id           INTEGER PRIMARY KEY,
    key          TEXT NOT NULL UNIQUE,
    org_id       INTEGER NOT NULL REFERENCES organizations(id),
    group_id     INTEGER REFERENCES party_groups(id),
    date         TEXT NOT NULL,
    start_time   TEXT,
    end_time     TEXT,
    place        TEXT NOT NULL,
    topic        TEXT NOT NULL,
    host_id      INTEGER REFERENCES members(id),
    recorder_id  INTEGER REFERENCES members(id),
    lecturer_id  INTEGER REFERENCES members(id),
    content      TEXT,
    decisions    TEXT,
    hours_tenths INTEGER,
    deleted_at   TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX activities_org_date ON activities(org_id, date);

CREATE TABLE activity_types (
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    type        TEXT NOT NULL CHECK (type IN ('party_congress','committee_meeting','group_meeting','party_lecture','theme_day','life_meeting','evaluation_meeting','study','heart_talk','volunteer','other')),
    PRIMARY KEY (activity_id, type)
) STRICT;
CREATE INDEX activity_types_type ON activity_types(type);

CREATE TABLE attendance (
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    status      TEXT NOT NULL CHECK (status IN ('present','leave','absent')),
    reason      TEXT,
    PRIMARY KEY (activity_id, member_id)
) STRICT;
CREATE INDEX attendance_member ON attendance(member_id);

-- Plans, summaries and evidence for manual checklist items, attached to an organisation's year.
CREATE TABLE documents (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES organizations(id),
    year       INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('work_plan','study_plan','meeting_plan','summary','evidence','other')),
    title      TEXT NOT NULL,
    note       TEXT,
    rule_ref   TEXT,
    created_at TEXT NOT NULL
) STRICT;

-- Files are copied into the ledger's own folder and checked by hash; a row names exactly one owner.
CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY,
    activity_id INTEGER REFERENCES activities(id),
    document_id INTEGER REFERENCES documents(id),
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    size_bytes  INTEGER NOT NULL,
    stored_path TEXT NOT NULL,
    added_at    TEXT NOT NULL,
    CHECK ((activity_id IS NULL) <> (document_id IS NULL))
) STRICT;

CREATE TABLE dues_bases (
    member_id  INTEGER NOT NULL REFERENCES members(id),
    from_month TEXT NOT NULL,
    base_fen   INTEGER NOT NULL CHECK (base_fen >= 0),
    PRIMARY KEY (member_id, from_month)
) STRICT;

CREATE TABLE dues_payments (
    member_id INTEGER NOT NULL REFERENCES members(id),
    month     TEXT NOT NULL,
    paid_fen  INTEGER NOT NULL CHECK (paid_fen >= 0),
    paid_on   TEXT NOT NULL,
    PRIMARY KEY (member_id, month)
) STRICT;

-- The bracket table and rounding in force from a year on (changing them never rewrites past years).
CREATE TABLE dues_rules (
    from_year  INTEGER PRIMARY KEY,
    rules_json TEXT NOT NULL
) STRICT;

CREATE TABLE dues_publications (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organizations(id),
    period       TEXT NOT NULL,
    published_on TEXT NOT NULL,
    how          TEXT NOT NULL
) STRICT;

CREATE TABLE trainings (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES members(id),
    date         TEXT NOT NULL,
    title        TEXT NOT NULL,
    hours_tenths INTEGER NOT NULL CHECK (hours_tenths >= 0),
    organizer    TEXT,
    UNIQUE (member_id, date, title)
) STRICT;

CREATE TABLE evaluations (
    member_id INTEGER NOT NULL REFERENCES members(id),
    year      INTEGER NOT NULL,
    grade     TEXT NOT NULL CHECK (grade IN ('excellent','qualified','basically_qualified','unqualified')),
    PRIMARY KEY (member_id, year)
) STRICT;

CREATE TABLE development_people (
    id                         INTEGER PRIMARY KEY,
    key                        TEXT NOT NULL UNIQUE,
    org_id                     INTEGER NOT NULL REFERENCES organizations(id),
    name                       TEXT NOT NULL,
    gender                     TEXT NOT NULL CHECK (gender IN ('男','女')),
    id_number                  TEXT,
    birth_date                 TEXT NOT NULL,
    training_days              REAL,
    training_hours             REAL,
    political_review           TEXT CHECK (political_review IN ('passed','failed')),
    probation_extension_months INTEGER,
    member_id                  INTEGER REFERENCES members(id),
    created_at                 TEXT NOT NULL,
    updated_at                 TEXT NOT NULL
) STRICT;

CREATE TABLE development_steps (
    person_id INTEGER NOT NULL REFERENCES development_people(id),
    step      INTEGER NOT NULL CHECK (step BETWEEN 1 AND 25),
    date      TEXT NOT NULL,
    note      TEXT,
    PRIMARY KEY (person_id, step)
) STRICT;

CREATE TABLE development_step_people (
    person_id INTEGER NOT NULL,
    step      INTEGER NOT NULL,
    position  INTEGER NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members(id),
    PRIMARY KEY (person_id, step, position),
    FOREIGN KEY (person_id, step) REFERENCES development_steps(person_id, step) ON DELETE CASCADE
) STRICT;

CREATE TABLE development_votes (
    person_id INTEGER NOT NULL REFERENCES development_people(id),
    step      INTEGER NOT NULL CHECK (step IN (15, 23)),
    eligible  INTEGER NOT NULL,
    present   INTEGER NOT NULL,
    in_favour INTEGER NOT NULL,
    PRIMARY KEY (person_id, step)
) STRICT;

-- Which local record a (source ledger, kind, key) of an imported package became, so re-imports update.
CREATE TABLE import_keys (
    source   TEXT NOT NULL,
    kind     TEXT NOT NULL,
    key      TEXT NOT NULL,
    local_id INTEGER NOT NULL,
    PRIMARY KEY (source, kind, key)
) STRICT;

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER,
    summary   TEXT NOT NULL,
    detail    TEXT
) STRICT;

-- Deleted records keep their full content here until restored or purged by the user.
CREATE TABLE recycle_bin (
    id         INTEGER PRIMARY KEY,
    deleted_at TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  INTEGER NOT NULL,
    summary    TEXT NOT NULL,
    payload    TEXT NOT NULL
) STRICT;

-- Small remembered settings, e.g. a user's roster column mapping keyed by the header signature.
CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
