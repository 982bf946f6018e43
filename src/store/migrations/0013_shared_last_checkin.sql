-- 0013: each person's latest check-in that is shared up their chain.
--
-- `last_on` (0012) counts every check-in, a mentor's private one too. A supervisor told
-- "not seen lately", or shown a last check-in day, from that column would learn that a
-- private check-in happened: what a viewer is shown of when someone was last seen must come
-- from check-ins that viewer may read (DESIGN.md: a private check-in is for its author and
-- the employee alone). `last_shared_on` is the latest check-in with visibility 'chain',
-- which everyone above the person may read; a viewer's own check-ins are added by the desk.
-- Derived and kept by the triggers below in the same transaction as every write, like
-- `last_on`, so never audited.
ALTER TABLE person_last_checkin ADD COLUMN last_shared_on TEXT;
CREATE INDEX person_last_checkin_shared_by_day ON person_last_checkin(last_shared_on);

UPDATE person_last_checkin SET last_shared_on =
    (SELECT max(c.occurred_on) FROM checkins c
     WHERE c.employee_id = person_last_checkin.employee_id AND c.visibility = 'chain');

DROP TRIGGER person_last_checkin_person;
CREATE TRIGGER person_last_checkin_person AFTER INSERT ON people
BEGIN
    INSERT OR IGNORE INTO person_last_checkin (employee_id, last_on, last_shared_on)
        VALUES (new.employee_id,
                (SELECT max(occurred_on) FROM checkins WHERE employee_id = new.employee_id),
                (SELECT max(occurred_on) FROM checkins
                 WHERE employee_id = new.employee_id AND visibility = 'chain'));
END;

DROP TRIGGER person_last_checkin_added;
CREATE TRIGGER person_last_checkin_added AFTER INSERT ON checkins
BEGIN
    INSERT INTO person_last_checkin (employee_id, last_on, last_shared_on)
        VALUES (new.employee_id, new.occurred_on,
                CASE WHEN new.visibility = 'chain' THEN new.occurred_on END)
        ON CONFLICT (employee_id) DO UPDATE SET
            last_on = CASE WHEN last_on IS NULL OR last_on < excluded.last_on
                           THEN excluded.last_on ELSE last_on END,
            last_shared_on = CASE WHEN excluded.last_shared_on IS NOT NULL
                                   AND (last_shared_on IS NULL
                                        OR last_shared_on < excluded.last_shared_on)
                                  THEN excluded.last_shared_on ELSE last_shared_on END;
END;

-- A check-in moved to another day or person, or made private or shared: both people's
-- latest days again.
DROP TRIGGER person_last_checkin_moved;
CREATE TRIGGER person_last_checkin_moved
    AFTER UPDATE OF employee_id, occurred_on, visibility ON checkins
BEGIN
    UPDATE person_last_checkin
        SET last_on = (SELECT max(occurred_on) FROM checkins WHERE employee_id = old.employee_id),
            last_shared_on = (SELECT max(occurred_on) FROM checkins
                              WHERE employee_id = old.employee_id AND visibility = 'chain')
        WHERE employee_id = old.employee_id;
    INSERT INTO person_last_checkin (employee_id, last_on, last_shared_on)
        VALUES (new.employee_id,
                (SELECT max(occurred_on) FROM checkins WHERE employee_id = new.employee_id),
                (SELECT max(occurred_on) FROM checkins
                 WHERE employee_id = new.employee_id AND visibility = 'chain'))
        ON CONFLICT (employee_id) DO UPDATE SET
            last_on = excluded.last_on,
            last_shared_on = excluded.last_shared_on;
END;

DROP TRIGGER person_last_checkin_removed;
CREATE TRIGGER person_last_checkin_removed AFTER DELETE ON checkins
BEGIN
    UPDATE person_last_checkin
        SET last_on = (SELECT max(occurred_on) FROM checkins WHERE employee_id = old.employee_id),
            last_shared_on = (SELECT max(occurred_on) FROM checkins
                              WHERE employee_id = old.employee_id AND visibility = 'chain')
        WHERE employee_id = old.employee_id;
END;

-- What a viewer knows of the people below them is each one's latest shared day and their
-- own check-ins the shared days do not stand for: private ones and those asking for a
-- follow-up. This index finds those (a superset of 0012's follow-ups by author, which goes).
DROP INDEX checkins_follow_ups_by_author;
CREATE INDEX checkins_kept_by_author ON checkins(author, employee_id)
    WHERE visibility = 'private' OR follow_up_on IS NOT NULL;
