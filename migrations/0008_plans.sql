-- 年度"三会一课"计划 (issue 16): one row per planned item of an organisation's year. The item's period
-- is the `unit` (month, quarter, half_year, year) that contains `planned_on`; a held sitting of the
-- item's types (and 党小组) within that period fulfils it. `types` is a comma list of activity type
-- codes (empty for items that are not a sitting: 党费公示, a document); `rule` the profile rule the
-- item was proposed for; `subject` the 发展党员 person key of a 转正 item.
CREATE TABLE plan_items (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organizations(id),
    year        INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('meeting','dues_publication','term_renewal','probation','document')),
    types       TEXT NOT NULL,
    group_id    INTEGER REFERENCES party_groups(id),
    unit        TEXT NOT NULL CHECK (unit IN ('month','quarter','half_year','year')),
    planned_on  TEXT NOT NULL,
    topic       TEXT NOT NULL,
    note        TEXT NOT NULL,
    rule        TEXT,
    subject     TEXT,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX plan_items_org_year ON plan_items(org_id, year, position);
