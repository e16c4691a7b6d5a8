-- 报送: one row per 报送 file a committee ledger received from a branch (issue 15). The branch's last
-- report is its row with the greatest `exported_at`; `member_keys` (JSON object package key → name) lets
-- the next report say who came in and who is no longer listed.
CREATE TABLE branch_reports (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organizations(id),
    ledger_id    TEXT NOT NULL,
    org_key      TEXT NOT NULL,
    org_name     TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    exported_at  TEXT NOT NULL,
    period       TEXT NOT NULL,
    digest       TEXT NOT NULL,
    members      INTEGER NOT NULL,
    meetings     INTEGER NOT NULL,
    payments     INTEGER NOT NULL,
    development  INTEGER NOT NULL,
    member_keys  TEXT NOT NULL
) STRICT;
CREATE INDEX branch_reports_org ON branch_reports(org_id, exported_at);
CREATE INDEX branch_reports_source ON branch_reports(ledger_id, org_key);
