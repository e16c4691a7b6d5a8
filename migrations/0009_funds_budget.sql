-- The work funds (党建工作经费) of a year, publications of the use of money, the 困难党员 mark (issue 18).
-- Money is integer 分; days `YYYY-MM-DD`.

-- One line of an organisation's budget of work funds for a year (预算项目 and amount).
CREATE TABLE fund_budget_lines (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organizations(id),
    year         INTEGER NOT NULL,
    item         TEXT NOT NULL,
    amount_fen   INTEGER NOT NULL CHECK (amount_fen >= 0),
    note         TEXT,
    created_at   TEXT NOT NULL,
    UNIQUE (org_id, year, item)
) STRICT;

-- Money received into the work funds: 单位拨付 ('allocation'), 留存党费转入 ('retained_dues'),
-- 上级党组织返还 ('refund').
CREATE TABLE fund_income (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organizations(id),
    received_on  TEXT NOT NULL,
    amount_fen   INTEGER NOT NULL CHECK (amount_fen > 0),
    kind         TEXT NOT NULL CHECK (kind IN ('allocation','retained_dues','refund')),
    note         TEXT,
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX fund_income_org ON fund_income(org_id, received_on);

-- A use of work funds counts against a budget line; the receipt (票据) number of any use.
ALTER TABLE fund_spending ADD COLUMN budget_line_id INTEGER REFERENCES fund_budget_lines(id);
ALTER TABLE fund_spending ADD COLUMN receipt_no TEXT;

-- What was published: 党费收缴使用情况 ('dues', every existing row) or 经费使用情况 ('funds').
ALTER TABLE dues_publications ADD COLUMN subject TEXT NOT NULL DEFAULT 'dues' CHECK (subject IN ('dues','funds'));

-- 困难党员: a member marked as in difficulty, with the reason (none: not marked).
CREATE TABLE member_hardship (
    member_id    INTEGER PRIMARY KEY REFERENCES members(id),
    reason       TEXT NOT NULL,
    marked_on    TEXT NOT NULL
) STRICT;

-- A receipt (票据) of a use of money: a scan or photo copied into the ledger's files folder, like a
-- meeting's attachments (`<ledger>-files/<ab>/<sha256>.<ext>`).
CREATE TABLE fund_receipts (
    id           INTEGER PRIMARY KEY,
    spending_id  INTEGER NOT NULL REFERENCES fund_spending(id),
    file_name    TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    size_bytes   INTEGER NOT NULL,
    stored_path  TEXT NOT NULL,
    added_at     TEXT NOT NULL
) STRICT;
CREATE INDEX fund_receipts_spending ON fund_receipts(spending_id);
