-- The 支部大会 vote belongs to the meeting (issue 11, item 7): a 党员大会 record carries its 表决 items;
-- a 发展党员 step 15 (接收预备党员) or 23 (转正) points at the sitting that voted. The step's own figures
-- (`development_votes`, schema v1) are moved onto the 党员大会 of the same organisation and day by the
-- statements appended to this file (src/development/link_votes.sql, also run after every package import);
-- a vote no sitting matches stays in `development_votes`, where `check` flags it.

CREATE TABLE meeting_votes (
    id          INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    -- Order on the record (1, 2, …).
    position    INTEGER NOT NULL,
    -- admission 接收预备党员 · conversion 预备党员转正 · other 其他事项.
    subject     TEXT NOT NULL CHECK (subject IN ('admission','conversion','other')),
    -- The 发展党员 the item is about (admission, conversion); none for other items.
    person_id   INTEGER REFERENCES development_people(id),
    -- What was voted on, for other items (admission and conversion items are named from the person).
    title       TEXT,
    -- 有表决权的正式党员: 应到, 实到 (present at the sitting).
    eligible    INTEGER NOT NULL CHECK (eligible >= 0),
    present     INTEGER NOT NULL CHECK (present >= 0),
    -- 赞成, 反对, 弃权 (against and abstain unknown for votes moved from schema v1: null).
    in_favour   INTEGER NOT NULL CHECK (in_favour >= 0),
    against     INTEGER CHECK (against >= 0),
    abstain     INTEGER CHECK (abstain >= 0),
    -- Written opinions of absent voters handed in before the sitting, counted in the tallies (细则 Art 21).
    written     INTEGER NOT NULL DEFAULT 0 CHECK (written >= 0),
    UNIQUE (activity_id, position),
    CHECK ((subject = 'other') = (person_id IS NULL))
) STRICT;
CREATE INDEX meeting_votes_person ON meeting_votes(person_id);

-- The sitting a step 15 / 23 was decided at.
ALTER TABLE development_steps ADD COLUMN activity_id INTEGER REFERENCES activities(id);

