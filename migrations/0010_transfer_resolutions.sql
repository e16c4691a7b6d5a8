-- 组织关系转接 settled by a committee (issue 15): after a 接收报送 two organisations' records carried
-- the same ID number; the person receiving chose where the person is now. The record
-- `left_member_id` left its roll (转出 on `on_date` to `to_org`, the roster's own leaving), the record
-- `kept_member_id` stays. A later 报送 of the left record's branch that still lists the person is
-- received with that leaving kept, so a settled transfer does not come back.
CREATE TABLE transfer_resolutions (
    id              INTEGER PRIMARY KEY,
    kept_member_id  INTEGER NOT NULL REFERENCES members(id),
    left_member_id  INTEGER NOT NULL UNIQUE REFERENCES members(id),
    on_date         TEXT NOT NULL,
    to_org          TEXT NOT NULL,
    resolved_at     TEXT NOT NULL
) STRICT;
