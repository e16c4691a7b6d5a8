-- 党费 remitted upward (上缴) and the branch's money used (使用): the money side of the ledger (issue 18).
-- Money is integer 分; months `YYYY-MM`, days `YYYY-MM-DD`.

-- One handing-over of collected dues to the 党委: the months it covers, the amount, the receipt.
CREATE TABLE dues_remittances (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organizations(id),
    remitted_on  TEXT NOT NULL,
    from_month   TEXT NOT NULL,
    to_month     TEXT NOT NULL,
    amount_fen   INTEGER NOT NULL CHECK (amount_fen > 0),
    receipt_no   TEXT,
    handed_by    TEXT,
    note         TEXT,
    created_at   TEXT NOT NULL,
    CHECK (from_month <= to_month)
) STRICT;
CREATE INDEX dues_remittances_org ON dues_remittances(org_id, to_month);

-- One use of retained 党费 (source 'dues') or of the work funds (source 'funds').
CREATE TABLE fund_spending (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organizations(id),
    spent_on     TEXT NOT NULL,
    amount_fen   INTEGER NOT NULL CHECK (amount_fen > 0),
    source       TEXT NOT NULL CHECK (source IN ('dues','funds')),
    purpose      TEXT NOT NULL CHECK (purpose IN ('training','publications','commendation','care_visit','activity','other')),
    payee        TEXT,
    approved_by  INTEGER REFERENCES activities(id),
    note         TEXT,
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX fund_spending_org ON fund_spending(org_id, spent_on);

-- 走访慰问: a visit to a member in difficulty or an elderly member; money given links to its spending.
CREATE TABLE care_visits (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organizations(id),
    member_id    INTEGER NOT NULL REFERENCES members(id),
    visited_on   TEXT NOT NULL,
    occasion     TEXT NOT NULL,
    visitors     TEXT NOT NULL,
    given        TEXT,
    amount_fen   INTEGER CHECK (amount_fen IS NULL OR amount_fen >= 0),
    spending_id  INTEGER REFERENCES fund_spending(id),
    follow_up    TEXT,
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX care_visits_org ON care_visits(org_id, visited_on);
