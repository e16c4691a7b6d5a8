-- Moves 支部大会 votes kept on a development step (`development_votes`) onto the 党员大会 of the person's
-- organisation held that day (the lowest id when there are several), links steps 15/23 to the sitting
-- whose 表决 item is about the person, and drops the step's copy once the sitting holds the same figures.
-- Creates no meeting: a vote without such a sitting stays where it is (and `check` flags it). Idempotent.

INSERT INTO meeting_votes(activity_id, position, subject, person_id, eligible, present, in_favour, written)
SELECT s.activity_id,
       coalesce((SELECT max(m.position) FROM meeting_votes m WHERE m.activity_id = s.activity_id), 0)
           + row_number() OVER (PARTITION BY s.activity_id ORDER BY s.person_id, s.step),
       s.subject, s.person_id, s.eligible, s.present, s.in_favour, 0
FROM (
    SELECT v.person_id, v.step, v.eligible, v.present, v.in_favour,
           CASE v.step WHEN 15 THEN 'admission' ELSE 'conversion' END AS subject,
           (SELECT a.id FROM activities a JOIN activity_types t ON t.activity_id = a.id AND t.type = 'party_congress'
             WHERE a.org_id = p.org_id AND a.date = st.date AND a.deleted_at IS NULL ORDER BY a.id LIMIT 1) AS activity_id
    FROM development_votes v
    JOIN development_steps st ON st.person_id = v.person_id AND st.step = v.step
    JOIN development_people p ON p.id = v.person_id
) s
WHERE s.activity_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM meeting_votes m WHERE m.activity_id = s.activity_id AND m.person_id = s.person_id
                  AND m.subject = s.subject);

UPDATE development_steps SET activity_id = (
    SELECT a.id FROM activities a
    JOIN development_people p ON p.id = development_steps.person_id
    JOIN meeting_votes m ON m.activity_id = a.id AND m.person_id = development_steps.person_id
        AND m.subject = CASE development_steps.step WHEN 15 THEN 'admission' ELSE 'conversion' END
    WHERE a.org_id = p.org_id AND a.date = development_steps.date AND a.deleted_at IS NULL
    ORDER BY a.id LIMIT 1)
WHERE step IN (15, 23) AND activity_id IS NULL;

DELETE FROM development_votes WHERE EXISTS (
    SELECT 1 FROM development_steps st JOIN meeting_votes m ON m.activity_id = st.activity_id
        AND m.person_id = st.person_id AND m.subject = CASE st.step WHEN 15 THEN 'admission' ELSE 'conversion' END
    WHERE st.person_id = development_votes.person_id AND st.step = development_votes.step
      AND m.eligible = development_votes.eligible AND m.present = development_votes.present
      AND m.in_favour = development_votes.in_favour);
